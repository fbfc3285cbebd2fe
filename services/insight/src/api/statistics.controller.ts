import { Controller, Get, Inject } from '@nestjs/common';
import { Type, type Static } from '@sinclair/typebox';
import { Principal, Roles } from '@thads/auth';
import { AppError, Api, S, ValidQuery, invalidField, notFound } from '@thads/http';
import { OrgRepository } from '@thads/org';
import { CounterStore } from '../ingest/counter-store';
import { parsePeriod, readStatistics, type Period, type Statistics } from '../statistics';

const day = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', errorMessage: 'a day, YYYY-MM-DD', description });

export const StatisticsQuery = Type.Object(
  {
    unitId: S.text(128, 'The unit; a province includes its area offices.'),
    from: day('First day of the period (included), YYYY-MM-DD, Vietnam time.'),
    to: day('Day after the period (excluded), YYYY-MM-DD, Vietnam time.'),
  },
  { additionalProperties: false },
);
export type StatisticsQuery = Static<typeof StatisticsQuery>;

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
  constructor(
    private readonly counters: CounterStore,
    @Inject(OrgRepository) private readonly org: OrgRepository,
  ) {}

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
  async statistics(@Principal() principal: Principal, @ValidQuery() q: StatisticsQuery): Promise<Statistics> {
    const period = periodOf(q);
    const { tree } = await this.org.snapshot();
    if (!tree.has(q.unitId)) throw notFound(`unit ${q.unitId}`);
    if (!tree.inScope(principal.unitId, q.unitId)) throw new AppError('UNIT_OUT_OF_SCOPE', { unitId: q.unitId });
    return readStatistics(this.counters, tree.scopeOf(q.unitId), period);
  }
}

function periodOf(q: StatisticsQuery): Period {
  try {
    return parsePeriod(q.from, q.to);
  } catch (err) {
    const message = (err as Error).message;
    throw invalidField(message.startsWith('to ') ? 'to' : 'from', message);
  }
}
