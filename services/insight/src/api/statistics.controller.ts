import { Controller, Get } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { Principal, Roles } from '@thads/auth';
import { Api, ValidQuery } from '@thads/http';
import type { Statistics } from '../statistics';
import { StatisticsQuery, StatisticsScope } from './statistics-scope';

const Rate = Type.Union([Type.Number(), Type.Null()], {
  description: 'completed ÷ able, a fraction; null when able is 0.',
});
export const StatisticsSchema = Type.Object({
  carriedOver: Type.Integer({ description: 'Cases received before the period and not ended before it.' }),
  new: Type.Integer({ description: 'Cases received in the period.' }),
  handled: Type.Integer({ description: 'carriedOver + new.' }),
  toExecute: Type.Integer({ description: 'handled − cases returned (trả đơn) in the period.' }),
  able: Type.Integer({ description: 'toExecute − unable (a case never classified counts as able).' }),
  unable: Type.Integer({ description: 'Cases to execute whose latest classification before the end says unable.' }),
  completed: Type.Integer({ description: 'Cases to execute that ended in the period (executed or terminated).' }),
  completionRate: Rate,
  carriedNext: Type.Integer({ description: 'toExecute − completed.' }),
  money: Type.Object({
    toExecute: Type.Integer({
      description: 'VND: claims of the cases to execute less what was collected before the period.',
    }),
    able: Type.Integer(),
    unable: Type.Integer(),
    completed: Type.Integer({ description: 'VND collected in the period (net of reversals) on cases to execute.' }),
    completionRate: Rate,
  }),
});

/** THADS statistics for other systems and the leadership dashboard (DOMAIN.md, "The figures from the events"). */
@Controller('api/insight')
export class StatisticsController {
  constructor(private readonly scope: StatisticsScope) {}

  @Roles('leadership', 'admin')
  @Get('statistics')
  @Api({
    summary: 'THADS statistics of a unit for a period',
    description:
      'Cases and money carried over, new, handled, to execute, able, unable, completed and carried to the next period, for [from, to) in Vietnam time, as DOMAIN.md "The figures from the events" defines them. A province counts its own cases and its area offices\'. Read from counters kept as the events arrive: a figure includes what the service has consumed so far.',
    query: StatisticsQuery,
    response: { description: 'The figures.', schema: StatisticsSchema },
    errors: { 403: 'The unit is outside your scope.', 404: 'No such unit in the registry.' },
  })
  statistics(@Principal() principal: Principal, @ValidQuery() q: StatisticsQuery): Promise<Statistics> {
    return this.scope.statistics(principal, q);
  }
}
