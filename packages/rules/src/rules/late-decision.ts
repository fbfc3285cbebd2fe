import { dayOf, startOfDay, toVnRfc3339 } from '../calendar/calendar';
import { dateEn, dateVi } from '../format';
import type { Rule } from '../rule';

const ID = 'late-decision';
const KEY = 'decision';

/**
 * No enforcement decision within N working days after the case was received (Law art. 36).
 * One occurrence per case: the decision owed. A termination or closure lifts the obligation.
 */
export const lateDecision: Rule<typeof ID> = {
  id: ID,
  on: ['case.received', 'case.decision_issued', 'case.terminated', 'case.closed'],
  onEvent(ctx, state, { event, at }) {
    switch (event.type) {
      case 'case.received': {
        if (state.deadlines?.some((d) => d.ruleId === ID) || state.ended) return;
        const { params } = ctx.config(ID, state.unitId, at);
        const lastDay = ctx.calendar.addWorkingDays(dayOf(at), params.workingDays);
        ctx.schedule(state, {
          ruleId: ID,
          key: KEY,
          due: startOfDay(lastDay + 1),
          from: at,
          eventIds: [event.eventId],
        });
        return;
      }
      default:
        ctx.cancel(state, ID, KEY);
    }
  },
  onDeadline(ctx, state, deadline) {
    const days = ctx.config(ID, state.unitId, deadline.from).params.workingDays;
    const lastDay = deadline.due - 1;
    ctx.raiseOn(ID, state, deadline.from, {
      occurrence: KEY,
      detectedAt: toVnRfc3339(deadline.due),
      title: { vi: 'Chậm ra quyết định thi hành án', en: 'Late enforcement decision' },
      explanation: {
        vi: `Nhận bản án/đơn yêu cầu ngày ${dateVi(deadline.from)}, đến hết ngày ${dateVi(lastDay)} (${days} ngày làm việc) chưa ra quyết định thi hành án.`,
        en: `Judgment or request received on ${dateEn(deadline.from)}; no enforcement decision by the end of ${dateEn(lastDay)} (${days} working days).`,
      },
      eventIds: deadline.eventIds,
      figures: {
        receivedAt: toVnRfc3339(deadline.from),
        lastDay: toVnRfc3339(startOfDay(dayOf(lastDay))),
        workingDays: days,
      },
    });
  },
};
