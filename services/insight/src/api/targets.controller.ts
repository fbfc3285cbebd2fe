import { Controller, Get } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { Roles } from '@thads/auth';
import { Api } from '@thads/http';
import { nationalTargets, type NationalTarget } from '../reports/targets';

export const TargetsSchema = Type.Object({
  targets: Type.Array(
    Type.Object({
      year: Type.Integer({ description: 'The statistical year: 1 October of the year before to 30 September.' }),
      from: Type.String({ description: 'Its first day, YYYY-MM-DD.' }),
      to: Type.String({ description: 'The day after its last, YYYY-MM-DD (periods are [from, to)).' }),
      cases: Type.Number({ description: 'Completion rate in cases to reach (completed ÷ able), a fraction.' }),
      money: Type.Number({ description: 'Completion rate in money to reach, a fraction.' }),
    }),
    {
      description:
        'Oldest year first. A period is measured against the target of the statistical year of its last day; a year not listed has no target set.',
    },
  ),
});

/** The national completion-rate targets (DOMAIN.md): the one table the reports and the console read. */
@Controller('api/insight')
export class TargetsController {
  @Roles('leadership', 'admin')
  @Get('targets')
  @Api({
    summary: 'National completion-rate targets per statistical year',
    description:
      'The completion rates in cases and in money set nationally for each statistical year (DOMAIN.md, "Statistics that leadership reads"): those the reports print and the leadership dashboard draws against.',
    response: { description: 'The targets.', schema: TargetsSchema },
  })
  targets(): { targets: NationalTarget[] } {
    return { targets: nationalTargets() };
  }
}
