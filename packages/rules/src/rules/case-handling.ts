import { dayOf, startOfDay, toVnRfc3339 } from '../calendar/calendar';
import { balance } from '../facts';
import { dateEn, dateVi } from '../format';
import type { Rule } from '../rule';
import type { CaseState } from '../state';

const lastDayIso = (due: number) => toVnRfc3339(startOfDay(dayOf(due - 1)));

/** Received, not over, not suspended, not classified unable: the case should be moving. */
function active(state: CaseState): boolean {
  return state.receivedAt !== undefined && !state.ended && !state.suspended && !state.unable;
}

/**
 * `verification-overdue` (Law art. 44, 45): after notification, the voluntary-compliance period
 * plus the verification limit (10 + 10 days) without a `case.verified`. Not raised for a case
 * that is over, suspended, or fully paid by then (nothing left to verify).
 */
export const verificationOverdue: Rule<'verification-overdue'> = {
  id: 'verification-overdue',
  on: ['case.notified', 'case.verified', 'case.terminated', 'case.closed'],
  onEvent(ctx, state, { event, at }) {
    if (event.type === 'case.notified') {
      if (state.deadlines?.some((d) => d.ruleId === this.id)) return;
      const { params } = ctx.config(this.id, state.unitId, at);
      const days = params.voluntaryDays + params.verificationDays;
      const lastDay = ctx.calendar.addDays(dayOf(at), days, true);
      ctx.schedule(state, {
        ruleId: this.id,
        key: 'verification',
        due: startOfDay(lastDay + 1),
        from: at,
        eventIds: [event.eventId],
      });
      return;
    }
    ctx.cancel(state, this.id, 'verification');
  },
  onDeadline(ctx, state, d) {
    if (state.ended || state.suspended) return;
    if (state.claim !== undefined && state.claim > 0 && (state.money?.c ?? 0) - (state.money?.rc ?? 0) >= state.claim)
      return;
    const { params } = ctx.config(this.id, state.unitId, d.from);
    const days = params.voluntaryDays + params.verificationDays;
    ctx.raiseOn(this.id, state, d.from, {
      occurrence: 'verification',
      detectedAt: toVnRfc3339(d.due),
      eventIds: d.eventIds,
      title: { vi: 'Chậm xác minh điều kiện thi hành án', en: 'Verification of means overdue' },
      explanation: {
        vi: `Thông báo cho đương sự ngày ${dateVi(d.from)}, đến hết ngày ${dateVi(d.due - 1)} (${days} ngày) chưa xác minh điều kiện thi hành án.`,
        en: `Parties notified on ${dateEn(d.from)}; no verification of the debtor's means by the end of ${dateEn(d.due - 1)} (${days} days).`,
      },
      figures: { notifiedAt: toVnRfc3339(d.from), lastDay: lastDayIso(d.due), days },
    });
  },
};

/** `unable-without-verification` (Law art. 44a): classified unable with no verification finding no or partial assets before it. */
export const unableWithoutVerification: Rule<'unable-without-verification'> = {
  id: 'unable-without-verification',
  on: ['case.classified'],
  onEvent(ctx, state, { event, at }) {
    if (event.type !== 'case.classified' || event.data.category !== 'unable' || state.groundsUnable) return;
    ctx.raiseOn(this.id, state, at, {
      occurrence: event.eventId,
      detectedAt: event.occurredAt,
      eventIds: [event.eventId],
      title: {
        vi: 'Phân loại chưa có điều kiện thi hành khi chưa xác minh',
        en: 'Classified unable to execute without verification',
      },
      explanation: {
        vi: `Ngày ${dateVi(at)} phân loại việc chưa có điều kiện thi hành nhưng không có kết quả xác minh nào cho thấy người phải thi hành án không có hoặc có một phần tài sản.`,
        en: `On ${dateEn(at)} the case was classified unable to execute, but no prior verification found the debtor without (or with only partial) assets.`,
      },
      figures: { classifiedAt: event.occurredAt },
    });
  },
};

/**
 * `stale-unable-reverification` (Law art. 44): a case classified unable must be verified again
 * within the limit (180 days), interval after interval. Each interval is one occurrence, named
 * after the event that opened it.
 */
export const staleUnableReverification: Rule<'stale-unable-reverification'> = {
  id: 'stale-unable-reverification',
  on: ['case.classified', 'case.verified', 'case.terminated', 'case.closed'],
  onEvent(ctx, state, { event, at }) {
    const open = state.deadlines?.find((d) => d.ruleId === this.id);
    const restart = () => {
      if (open) ctx.cancel(state, this.id, open.key);
      const { params } = ctx.config(this.id, state.unitId, at);
      const lastDay = ctx.calendar.addDays(dayOf(at), params.days, false);
      ctx.schedule(state, {
        ruleId: this.id,
        key: `since:${event.eventId}`,
        due: startOfDay(lastDay + 1),
        from: at,
        eventIds: [event.eventId],
      });
    };
    switch (event.type) {
      case 'case.classified':
        if (event.data.category === 'unable') {
          if (!open) restart();
        } else if (open) ctx.cancel(state, this.id, open.key);
        return;
      case 'case.verified':
        if (state.unable) restart();
        return;
      default:
        if (open) ctx.cancel(state, this.id, open.key);
    }
  },
  onDeadline(ctx, state, d) {
    if (!state.unable || state.ended) return;
    const days = ctx.config(this.id, state.unitId, d.from).params.days;
    ctx.raiseOn(this.id, state, d.from, {
      occurrence: d.key,
      detectedAt: toVnRfc3339(d.due),
      eventIds: d.eventIds,
      title: { vi: 'Quá hạn xác minh lại việc chưa có điều kiện thi hành', en: 'Unable case not re-verified in time' },
      explanation: {
        vi: `Việc chưa có điều kiện thi hành, lần xác minh/phân loại gần nhất ngày ${dateVi(d.from)}; quá ${days} ngày chưa xác minh lại.`,
        en: `Case classified unable; last verification or classification on ${dateEn(d.from)}; not re-verified within ${days} days.`,
      },
      figures: { since: toVnRfc3339(d.from), days, lastDay: lastDayIso(d.due) },
    });
    // The obligation goes on: the next interval starts where this one ended.
    const lastDay = ctx.calendar.addDays(dayOf(d.due), days, false);
    ctx.schedule(state, {
      ruleId: this.id,
      key: `since:${d.key}`,
      due: startOfDay(lastDay),
      from: d.due,
      eventIds: d.eventIds,
    });
  },
};

/** `repeated-postponement` (Law art. 48): the count of postponements on one case reaches the limit. Once per case. */
export const repeatedPostponement: Rule<'repeated-postponement'> = {
  id: 'repeated-postponement',
  on: ['case.postponed'],
  onEvent(ctx, state, { event, at }) {
    if (event.type !== 'case.postponed' || state.once?.includes(this.id)) return;
    const limit = ctx.config(this.id, state.unitId, at).params.count;
    const count = state.postponements ?? 0;
    if (count < limit) return;
    (state.once ??= []).push(this.id);
    ctx.raiseOn(this.id, state, at, {
      occurrence: 'case',
      detectedAt: event.occurredAt,
      eventIds: [event.eventId],
      title: { vi: 'Hoãn thi hành án nhiều lần', en: 'Repeated postponement' },
      explanation: {
        vi: `Việc thi hành án bị hoãn lần thứ ${count} (ngưỡng ${limit}) ngày ${dateVi(at)}, lý do: ${event.data.reasonCode}.`,
        en: `Enforcement postponed for the ${count}th time (limit ${limit}) on ${dateEn(at)}; reason: ${event.data.reasonCode}.`,
      },
      figures: { postponements: count, limit, reasonCode: event.data.reasonCode },
    });
  },
};

const EVERY_CASE_EVENT = [
  'case.received',
  'case.decision_issued',
  'case.assigned',
  'case.notified',
  'case.verified',
  'case.classified',
  'case.postponed',
  'case.suspended',
  'case.resumed',
  'case.asset_seized',
  'case.asset_valued',
  'case.auction_held',
  'case.price_reduced',
  'case.terminated',
  'case.closed',
  'finance.collected',
  'finance.deposited',
  'finance.disbursed',
  'finance.fee_assessed',
  'finance.remitted',
  'finance.reversed',
] as const;

/**
 * `stagnant-case` (backlog guideline): an active case with no case or finance event for the
 * limit (90 days). One occurrence per idle gap, named after the event that opened it.
 * Complaints are not activity on the case.
 */
export const stagnantCase: Rule<'stagnant-case'> = {
  id: 'stagnant-case',
  on: EVERY_CASE_EVENT,
  onEvent(ctx, state, { event, at }) {
    const open = state.deadlines?.find((d) => d.ruleId === this.id);
    if (open) ctx.cancel(state, this.id, open.key);
    if (!active(state)) return;
    const lastDay = ctx.calendar.addDays(dayOf(at), ctx.config(this.id, state.unitId, at).params.days, false);
    ctx.schedule(state, {
      ruleId: this.id,
      key: `idle:${event.eventId}`,
      due: startOfDay(lastDay + 1),
      from: at,
      eventIds: [event.eventId],
    });
  },
  onDeadline(ctx, state, d) {
    if (!active(state)) return;
    const days = ctx.config(this.id, state.unitId, d.from).params.days;
    ctx.raiseOn(this.id, state, d.from, {
      occurrence: d.key,
      detectedAt: toVnRfc3339(d.due),
      eventIds: d.eventIds,
      title: { vi: 'Việc thi hành án để kéo dài, không có hoạt động', en: 'Case left idle' },
      explanation: {
        vi: `Không có hoạt động nào trên việc thi hành án từ ngày ${dateVi(d.from)} đến hết ngày ${dateVi(d.due - 1)} (${days} ngày).`,
        en: `No activity on the case from ${dateEn(d.from)} to the end of ${dateEn(d.due - 1)} (${days} days).`,
      },
      figures: { lastActivityAt: toVnRfc3339(d.from), days, balance: balance(state) },
    });
  },
};

/**
 * `reassignment-before-payout` (internal control): the officer changed within the limit before a
 * payout or an auction. The change of officer is the occurrence (RULES.md): the first payout or
 * auction within the limit raises it; later ones after the same change raise nothing new.
 */
export const reassignmentBeforePayout: Rule<'reassignment-before-payout'> = {
  id: 'reassignment-before-payout',
  on: ['finance.disbursed', 'case.auction_held'],
  onEvent(ctx, state, { event, at }) {
    const { reassignedAt } = state;
    if (reassignedAt === undefined || state.reassignmentRaised === reassignedAt) return;
    const days = ctx.config(this.id, state.unitId, at).params.days;
    const since = dayOf(at) - dayOf(reassignedAt);
    if (since > days) return;
    state.reassignmentRaised = reassignedAt;
    const what =
      event.type === 'finance.disbursed' ? { vi: 'chi trả', en: 'payout' } : { vi: 'bán đấu giá', en: 'auction' };
    ctx.raiseOn(this.id, state, at, {
      // Named by the change's time, which every saved state has (`reassignmentId` is newer).
      occurrence: `reassigned:${reassignedAt}`,
      detectedAt: event.occurredAt,
      eventIds: state.reassignmentId === undefined ? [event.eventId] : [state.reassignmentId, event.eventId],
      title: {
        vi: 'Thay đổi Chấp hành viên ngay trước khi chi trả/bán đấu giá',
        en: 'Officer changed shortly before a payout or auction',
      },
      explanation: {
        vi: `Chấp hành viên được thay ngày ${dateVi(reassignedAt)}, ${since} ngày trước khi ${what.vi} ngày ${dateVi(at)} (ngưỡng ${days} ngày).`,
        en: `The case's officer changed on ${dateEn(reassignedAt)}, ${since} days before the ${what.en} on ${dateEn(at)} (limit ${days} days).`,
      },
      figures: { reassignedAt: toVnRfc3339(reassignedAt), daysBefore: since, limit: days, kind: event.type },
    });
  },
};

/** `late-complaint-resolution` (Law ch. IX; Law on Denunciations): a complaint not resolved within the limit. */
export const lateComplaintResolution: Rule<'late-complaint-resolution'> = {
  id: 'late-complaint-resolution',
  on: ['complaint.received', 'complaint.resolved'],
  onEvent(ctx, state, { event, at }) {
    if (event.type === 'complaint.resolved') {
      ctx.cancel(state, this.id, event.data.complaintId);
      return;
    }
    if (event.type !== 'complaint.received') return;
    const days = ctx.config(this.id, state.unitId, at).params.days;
    const lastDay = ctx.calendar.addDays(dayOf(at), days, true);
    const meta: Record<string, string> = { kind: event.data.kind };
    if (event.data.againstOfficerId) meta['officerId'] = event.data.againstOfficerId;
    ctx.schedule(state, {
      ruleId: this.id,
      key: event.data.complaintId,
      due: startOfDay(lastDay + 1),
      from: at,
      eventIds: [event.eventId],
      meta,
    });
  },
  onDeadline(ctx, state, d) {
    const days = ctx.config(this.id, state.unitId, d.from).params.days;
    const denunciation = d.meta?.['kind'] === 'denunciation';
    const officer = d.meta?.['officerId'];
    ctx.raiseOn(this.id, state, d.from, {
      occurrence: `complaint:${d.key}`,
      detectedAt: toVnRfc3339(d.due),
      eventIds: d.eventIds,
      ...(typeof officer === 'string' ? { officerId: officer } : {}),
      title: denunciation
        ? { vi: 'Chậm giải quyết tố cáo', en: 'Denunciation not resolved in time' }
        : { vi: 'Chậm giải quyết khiếu nại', en: 'Complaint not resolved in time' },
      explanation: {
        vi: `${denunciation ? 'Tố cáo' : 'Khiếu nại'} ${d.key} nhận ngày ${dateVi(d.from)}, đến hết ngày ${dateVi(d.due - 1)} (${days} ngày) chưa giải quyết.`,
        en: `${denunciation ? 'Denunciation' : 'Complaint'} ${d.key} received on ${dateEn(d.from)}; not resolved by the end of ${dateEn(d.due - 1)} (${days} days).`,
      },
      figures: { complaintId: d.key, receivedAt: toVnRfc3339(d.from), days, lastDay: lastDayIso(d.due) },
    });
  },
};
