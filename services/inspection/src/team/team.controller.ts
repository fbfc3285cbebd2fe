import { Controller, Get, Inject } from '@nestjs/common';
import { Type, type Static } from '@sinclair/typebox';
import { Principal, Roles } from '@thads/auth';
import { Api } from '@thads/http';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { summaryOf } from '../findings/finding';
import { FindingAccess } from '../findings/finding-access';
import { FindingsRepository } from '../findings/findings.repository';
import { FindingSummarySchema } from '../findings/schemas';
import { UsersRepository } from '../identity/users.repository';

const ATTENTION_LIMIT = 200;

export const TeamSchema = Type.Object({
  cap: Type.Integer({ description: 'Open inspections an inspector may hold (ASSIGNMENT_CAP).' }),
  inspectors: Type.Array(
    Type.Object({
      username: Type.String(),
      name: Type.Optional(Type.String()),
      unitId: Type.String(),
      open: Type.Integer({ description: 'Open inspections now.' }),
    }),
  ),
  attention: Type.Array(FindingSummarySchema, {
    description: `Open inspections nobody has been given yet, and those past their due date: at most ${ATTENTION_LIMIT}, oldest first.`,
  }),
});
type Team = Static<typeof TeamSchema>;

/** What a supervisor watches: the inspectors' load and the inspections that need them. */
@Controller('api/team')
export class TeamController {
  constructor(
    @Inject(INSPECTION_CONFIG) private readonly config: InspectionConfig,
    private readonly findings: FindingsRepository,
    private readonly access: FindingAccess,
    private readonly users: UsersRepository,
  ) {}

  @Roles('inspection_supervisor', 'admin')
  @Get()
  @Api({
    summary: "The team's load and what needs a supervisor",
    description:
      'Every active inspector in your units with the open inspections they hold, and the open inspections of your units that wait for an inspector or are past their due date.',
    response: { description: 'The team.', schema: TeamSchema },
  })
  async team(@Principal() principal: Principal): Promise<Team> {
    const units = await this.access.scopedUnits(principal);
    const [inspectors, loads, attention] = await Promise.all([
      this.users.withRole('inspector'),
      this.findings.loads(),
      this.findings.needingAttention(units, ATTENTION_LIMIT),
    ]);
    return {
      cap: this.config.assignmentCap,
      inspectors: inspectors
        .filter((u) => units.includes(u.unitId))
        .map((u) => ({
          username: u._id,
          ...(u.name ? { name: u.name } : {}),
          unitId: u.unitId,
          open: loads.get(u._id)?.load ?? 0,
        }))
        .sort((a, b) => b.open - a.open || a.username.localeCompare(b.username)),
      attention: attention.map(summaryOf),
    };
  }
}
