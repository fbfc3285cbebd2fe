import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import ExcelJS from 'exceljs';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { TokenSigner, type Role } from '@thads/auth';
import {
  parseDisciplineEvent,
  parseInspectionEvent,
  type AnyEvent,
  type DisciplineEvent,
  type DisciplineForm,
  type FindingMessage,
  type InspectionEvent,
} from '@thads/contracts';
import { aCase } from '@thads/contracts/testing';
import type { KafkaBus } from '@thads/messaging';
import { HealthRegistry } from '@thads/platform';
import { WorkingCalendar, dayFromIso, isoFromDay } from '@thads/rules';
import { Router, publishRecords, simulate, type OutRecord } from '../packages/simulator/src';
import { InsightModule } from '../services/insight/src/app.module';
import { consumerGroups, loadInsightConfig, type InsightConfig } from '../services/insight/src/config';
import type { IntegrityFigures } from '../services/insight/src/integrity';
import { inspected, proceeding } from '../services/insight/src/integrity/__tests__/builders';
import {
  busFor,
  dropNamespace,
  infra,
  namespace,
  openDb,
  publishRegistry,
  startDetector,
  waitFor,
  type Namespace,
} from './support/harness';

const SECRET = 'cd'.repeat(32);
const M = 1_000_000;

function insightConfig(ns: Namespace, tag: string): InsightConfig {
  return {
    ...loadInsightConfig({}),
    kafkaBrokers: infra.brokers,
    mongoUrl: infra.mongoUrl,
    topicPrefix: ns.topicPrefix,
    groupId: `it-${ns.id}-insight-${tag}`,
    mongoDb: `${ns.db}_${tag}`,
    tokenSecret: SECRET,
    httpPort: 0,
  };
}

/** An insight service in this process, and its answers once every one of its groups has consumed everything. */
class InsightUnderTest {
  private constructor(
    readonly app: INestApplication,
    readonly base: string,
    private readonly config: InsightConfig,
  ) {}

  static async start(config: InsightConfig): Promise<InsightUnderTest> {
    const app = await NestFactory.create(InsightModule.forRoot(config), {
      logger: process.env['IT_LOG'] ? ['log', 'warn', 'error'] : ['error'],
    });
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
    const health = app.get(HealthRegistry);
    await waitFor('the insight service to be up', () => health.snapshot().status === 'up', 120_000);
    return new InsightUnderTest(app, `http://127.0.0.1:${port}`, config);
  }

  async caughtUp(bus: KafkaBus): Promise<void> {
    for (const { group, topics } of Object.values(consumerGroups(this.config)))
      await waitFor(`${group} to catch up`, async () => (await bus.lag(group, topics)) === 0, 300_000);
  }

  async get(path: string, roles: Role[] = ['leadership'], unitId = 'DT'): Promise<{ status: number; body: Body }> {
    const { token } = new TokenSigner(Buffer.from(SECRET, 'hex')).sign({ sub: 'chief', roles, unitId });
    const request = () => fetch(this.base + path, { headers: { authorization: `Bearer ${token}` } });
    // A kept-alive connection the server closes just as a request goes out (after the test's own
    // counting kept it idle) fails with ECONNRESET: the request never reached the service, send it again.
    const res = await request().catch(request);
    return { status: res.status, body: (await res.json()) as Body };
  }

  async download(path: string): Promise<Buffer> {
    const { token } = new TokenSigner(Buffer.from(SECRET, 'hex')).sign({
      sub: 'chief',
      roles: ['leadership'],
      unitId: 'DT',
    });
    const res = await fetch(this.base + path, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
type Body = Record<string, unknown>;

// ---- the world the test publishes ------------------------------------------------------------

/** A stable pseudo-random number from an id, so that the workflow the test plays is the same each run. */
function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/** Money and complaints the simulator does not write: reversals, a late payout, complaints about no case. */
function extraCaseEvents(): AnyEvent[] {
  const unit = 'DT-KV01';
  const late = aCase('X-LATE', unit)
    .on('2025-08-01')
    .received({ claimAmount: 300 * M })
    .on('2025-08-05')
    .collected(100 * M)
    .on('2025-09-10')
    .disbursed(100 * M);
  const reversedReceipt = aCase('X-REV', unit)
    .on('2025-08-20')
    .received({ claimAmount: 90 * M })
    .on('2025-09-01')
    .collected(50 * M)
    .on('2025-09-03')
    .reversed('BL-X-REV-1', 50 * M);
  const reversedPayout = aCase('X-VREV', unit)
    .on('2025-08-20')
    .received({ claimAmount: 80 * M })
    .on('2025-09-01')
    .collected(80 * M)
    .on('2025-09-05')
    .disbursed(80 * M)
    .on('2025-11-20')
    .reversed('PC-X-VREV-1', 80 * M);
  const complaint = (id: string, day: string, kind: 'complaint' | 'denunciation', n: number): AnyEvent => ({
    eventId: `${id}-r${n}`,
    type: 'complaint.received',
    schemaVersion: 1,
    occurredAt: `${day}T09:30:00+07:00`,
    unitId: unit,
    data: { complaintId: id, kind, againstOfficerId: 'DT-KV01-O-X', topic: 'harassment' },
  });
  const resolved = (id: string, day: string): AnyEvent => ({
    eventId: `${id}-s`,
    type: 'complaint.resolved',
    schemaVersion: 1,
    occurredAt: `${day}T15:00:00+07:00`,
    unitId: unit,
    data: { complaintId: id, outcome: 'rejected' },
  });
  return [
    ...late.events,
    ...reversedReceipt.events,
    ...reversedPayout.events,
    // 46 days: on time for a denunciation (60), late for a complaint (30).
    complaint('KX-1', '2025-10-05', 'denunciation', 1),
    resolved('KX-1', '2025-11-20'),
    complaint('KX-2', '2025-10-05', 'complaint', 1),
    resolved('KX-2', '2025-11-20'),
    // Never resolved: overdue at the end of 2025; received twice under two ids.
    complaint('KX-3', '2025-08-01', 'complaint', 1),
    complaint('KX-3', '2025-08-01', 'complaint', 2),
    // Never resolved, received ten days before the end of the year: pending then.
    complaint('KX-4', '2025-12-21', 'complaint', 1),
  ];
}

/** Three findings of one officer in November, as the detector would publish them (no case behind them here). */
function extraFindings(): FindingMessage[] {
  return ['stagnant-case', 'stagnant-case', 'late-decision'].map((ruleId, i) => ({
    findingId: `SYN-${i}`,
    ruleId,
    ruleVersion: 1,
    severity: i === 2 ? 'medium' : 'low',
    status: 'open',
    revision: 0,
    unitId: 'DT-KV02',
    officerId: 'DT-KV02-O-SYN',
    detectedAt: `2025-11-${String(10 + i).padStart(2, '0')}T00:00:00+07:00`,
    title: { vi: 'x', en: 'x' },
    explanation: { vi: 'x', en: 'x' },
    legalBasis: 'x',
    evidence: { eventIds: [], figures: {} },
  }));
}

/**
 * The workflow the test plays on the findings: revisions on the findings topic (and stale
 * re-publications of revision 0 after them), conclusions (some reconsidered), referrals,
 * closures, dismissals and SLA breaches on the inspections topic, and a proceeding per officer
 * with referred findings on the discipline topic — one decision annulled on appeal, one changed.
 */
function workflow(findings: readonly FindingMessage[]): {
  revisions: FindingMessage[];
  inspections: InspectionEvent[];
  discipline: DisciplineEvent[];
} {
  const revisions: FindingMessage[] = [];
  const inspections: InspectionEvent[] = [];
  const referredBy = new Map<string, FindingMessage[]>();
  for (const f of findings) {
    const h = hash(f.findingId);
    const i = h % 10;
    const tp = h % 3 !== 0;
    const steps = inspected(f);
    const day = `2026-0${1 + (h % 5)}-1${h % 10}`;
    if (i <= 5) inspections.push(steps.concluded(tp, day));
    if (i === 1) inspections.push(steps.concluded(!tp, `2026-06-0${1 + (h % 9)}`));
    if (i === 2 || i === 3) {
      inspections.push(steps.referred(tp, day));
      if (f.officerId !== undefined) referredBy.set(f.officerId, [...(referredBy.get(f.officerId) ?? []), f]);
    }
    if (i === 6) inspections.push(steps.dismissed(day));
    if (i === 7) inspections.push(steps.closed(day, tp));
    if (i === 0 || i === 4 || i === 8) inspections.push(steps.slaBreached('2026-01-20'));
    if (i <= 7) {
      // Triaged (dismissed straight from open when i = 6) after up to 333 hours; i = 5 as published before v1.2, untimed.
      const movedAt = new Date(Date.parse(f.detectedAt) + ((h % 1000) / 3) * 3_600_000).toISOString();
      const first = { ...f, status: i === 6 ? 'dismissed' : 'triaged', revision: 1 };
      revisions.push(i === 5 ? first : { ...first, statusChangedAt: movedAt });
      if (i !== 6) revisions.push({ ...f, status: 'concluded', revision: 3, statusChangedAt: movedAt });
      if (i % 2 === 0) revisions.push({ ...f, status: 'open', revision: 0 });
    }
    if (i === 9) {
      // Held by a suppression (findings v1.3): half of them released later, a stale copy of the hold after the release.
      const held = { ...f, revision: 1, suppressed: true };
      revisions.push(held);
      if (h % 2 === 0) revisions.push({ ...f, revision: 2 }, held);
    }
  }
  const forms: DisciplineForm[] = ['reprimand', 'warning', 'removal_from_post', 'dismissal'];
  const discipline: DisciplineEvent[] = [];
  let disciplined = 0;
  [...referredBy].forEach(([officerId, list], n) => {
    const p = proceeding(`PR-${n}`, officerId, list[0]!.unitId);
    const ids = list.map((f) => f.findingId);
    const decidedOn = `2026-0${3 + (n % 4)}-15`;
    discipline.push(p.opened(ids, '2026-02-20'));
    if (n % 3 === 2) {
      discipline.push(p.decided('not_disciplined', ids, decidedOn));
      return;
    }
    discipline.push(p.decided('disciplined', ids, decidedOn, forms[n % forms.length]));
    disciplined += 1;
    if (disciplined === 1) discipline.push(p.appealResolved('annulled', '2026-08-01'));
    if (disciplined === 2) discipline.push(p.appealResolved('changed', '2026-08-02', 'reprimand'));
  });
  return { revisions, inspections, discipline };
}

// ---- the figures counted straight from what was published --------------------------------------

const vnDay = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);
const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const byTime = (a: { occurredAt: string; eventId: string }, b: { occurredAt: string; eventId: string }) =>
  Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const SEVERITY_ORDER = ['low', 'medium', 'high', 'critical'] as const;

/** The histogram's bounds in hours (README, "Workflow times"), then the open bucket. */
const BOUNDS_H = [1, 4, 8, 24, 48, 72, 120, 168, 240, 360, 480, 720, 1080, 1440, 2160, 3600, 8760, Infinity];

/** Count, mean and grouped median in days of some durations in seconds, as the README defines them. */
function durationsOf(seconds: readonly number[]) {
  const whole = seconds.map((s) => Math.max(0, Math.round(s)));
  const counts = BOUNDS_H.map(() => 0);
  for (const s of whole) counts[BOUNDS_H.findIndex((b) => s < b * 3600)]!++;
  let median: number | null = null;
  let below = 0;
  for (let i = 0; i < counts.length && median === null; i++) {
    const lo = i === 0 ? 0 : BOUNDS_H[i - 1]! * 3600;
    if (counts[i]! > 0 && below + counts[i]! >= whole.length / 2)
      median =
        BOUNDS_H[i] === Infinity ? lo : lo + ((whole.length / 2 - below) / counts[i]!) * (BOUNDS_H[i]! * 3600 - lo);
    below += counts[i]!;
  }
  return {
    count: whole.length,
    meanDays: whole.length === 0 ? null : whole.reduce((a, b) => a + b, 0) / whole.length / 86_400,
    medianDays: median === null ? null : median / 86_400,
  };
}

interface World {
  caseEvents: AnyEvent[];
  findings: FindingMessage[];
  inspections: InspectionEvent[];
  discipline: DisciplineEvent[];
}

/** Cases to execute (DOMAIN.md): received before the end, not ended before the start, not returned in the period. */
function toExecute(events: readonly AnyEvent[], units: ReadonlySet<string>, from: string, to: string): number {
  const S = Date.parse(`${from}T00:00:00+07:00`);
  const E = Date.parse(`${to}T00:00:00+07:00`);
  const byCase = new Map<string, AnyEvent[]>();
  for (const e of events) {
    const caseId = (e as { caseId?: string }).caseId;
    if (!caseId || !(e.type.startsWith('case.') || e.type.startsWith('finance.'))) continue;
    const list = byCase.get(caseId) ?? [];
    list.push(e);
    byCase.set(caseId, list);
  }
  let n = 0;
  for (const list of byCase.values()) {
    list.sort(byTime);
    const received = list.find((e) => e.type === 'case.received');
    if (received?.type !== 'case.received' || !units.has(received.unitId)) continue;
    const end = list.find((e) => e.type === 'case.closed' || e.type === 'case.terminated');
    const endAt = end ? Math.max(Date.parse(end.occurredAt), Date.parse(received.occurredAt)) : Infinity;
    if (Date.parse(received.occurredAt) >= E || endAt < S) continue;
    if (end?.type === 'case.closed' && end.data.result === 'returned' && endAt < E) continue;
    n++;
  }
  return n;
}

/** VND collected more than 10 days before the cut-off and not paid before it, first in first out, per case. */
function moneyAt(
  events: readonly AnyEvent[],
  units: ReadonlySet<string>,
  to: string,
): { amount: number; held: number } {
  const byCase = new Map<string, AnyEvent[]>();
  for (const e of events) {
    const caseId = (e as { caseId?: string }).caseId;
    if (!caseId || !(e.type === 'case.received' || e.type.startsWith('finance.'))) continue;
    const list = byCase.get(caseId) ?? [];
    list.push(e);
    byCase.set(caseId, list);
  }
  let amount = 0;
  let held = 0;
  for (const list of byCase.values()) {
    list.sort(byTime);
    const received = list.find((e) => e.type === 'case.received');
    if (received?.type !== 'case.received' || !units.has(received.unitId)) continue;
    const day = (e: AnyEvent) => {
      const d = vnDay(e.occurredAt);
      const r = vnDay(received.occurredAt);
      return d < r ? r : d;
    };
    const lots: { receiptNo: string; day: string; left: number; due: number }[] = [];
    const payouts: { voucherNo: string; day: string; amount: number }[] = [];
    for (const e of list) {
      if (e.type === 'finance.collected')
        lots.push({ receiptNo: e.data.receiptNo, day: day(e), left: e.data.amount, due: e.data.amount });
      if (e.type === 'finance.disbursed')
        payouts.push({ voucherNo: e.data.voucherNo, day: day(e), amount: e.data.amount });
      if (e.type === 'finance.remitted') payouts.push({ voucherNo: '', day: day(e), amount: e.data.amount });
    }
    let paid = payouts.filter((p) => p.day < to).reduce((n, p) => n + p.amount, 0);
    for (const e of list) {
      if (e.type !== 'finance.reversed') continue;
      const lot = lots.find((l) => l.receiptNo === e.data.ref);
      const payout = payouts.find((p) => p.voucherNo === e.data.ref);
      const r = day(e);
      if (lot) {
        if ((r > lot.day ? r : lot.day) < to) lot.left -= e.data.amount;
        const dueDay = plusDays(lot.day, 10);
        if ((r > dueDay ? r : dueDay) < to) lot.due -= e.data.amount;
      } else if (payout && (r > payout.day ? r : payout.day) < to) paid -= e.data.amount;
    }
    held += Math.max(0, lots.filter((l) => l.day < to).reduce((n, l) => n + l.left, 0) - paid);
    let cover = paid;
    for (const lot of lots) {
      if (plusDays(lot.day, 10) >= to) continue;
      const covered = Math.min(cover, lot.due);
      cover -= covered;
      amount += lot.due - covered;
    }
  }
  return { amount, held };
}

/** The official days off as shipped (the test publishes no calendar year). */
const LAW_CALENDAR = new WorkingCalendar();

function complaintsOf(events: readonly AnyEvent[], units: ReadonlySet<string>, from: string, to: string) {
  const received = new Map<string, AnyEvent & { type: 'complaint.received' }>();
  const resolved = new Map<string, AnyEvent>();
  for (const e of [...events].sort(byTime)) {
    if (e.type === 'complaint.received' && !received.has(e.data.complaintId)) received.set(e.data.complaintId, e);
    if (e.type === 'complaint.resolved' && !resolved.has(e.data.complaintId)) resolved.set(e.data.complaintId, e);
  }
  const zero = () => ({ received: 0, resolvedOnTime: 0, resolvedLate: 0, overdue: 0, pending: 0 });
  const out = { complaint: zero(), denunciation: zero(), all: zero() };
  for (const [id, r] of received) {
    const day = vnDay(r.occurredAt);
    if (!units.has(r.unitId) || day < from || day >= to) continue;
    const kind = r.data.kind === 'denunciation' ? 'denunciation' : 'complaint';
    // The law's last day: 30 or 60 calendar days after receipt, off a day off to the next working day.
    const deadline = isoFromDay(LAW_CALENDAR.addDays(dayFromIso(day), kind === 'denunciation' ? 60 : 30, true));
    const s = resolved.get(id);
    const what = s
      ? vnDay(s.occurredAt) <= deadline
        ? 'resolvedOnTime'
        : 'resolvedLate'
      : deadline < to
        ? 'overdue'
        : 'pending';
    for (const f of [out[kind], out.all]) {
      f.received++;
      f[what]++;
    }
  }
  const rated = (f: ReturnType<typeof zero>) => ({ ...f, onTimeRate: ratio(f.resolvedOnTime, f.received - f.pending) });
  return { complaint: rated(out.complaint), denunciation: rated(out.denunciation), all: rated(out.all) };
}

/** Every integrity figure of the units over [from, to), counted from the published messages. */
function countDirectly(world: World, units: ReadonlySet<string>, from: string, to: string, trend = true): Body {
  const latest = new Map<string, FindingMessage>();
  for (const f of world.findings) {
    const cur = latest.get(f.findingId);
    if (!cur || (f.revision ?? 0) > (cur.revision ?? 0)) latest.set(f.findingId, f);
  }
  const inPeriod = (f: FindingMessage) =>
    units.has(f.unitId) && vnDay(f.detectedAt) >= from && vnDay(f.detectedAt) < to;
  // Findings a suppression holds are counted apart; the workflow's figures are about all of them.
  const all = [...latest.values()].filter(inPeriod);
  const findings = all.filter((f) => f.suppressed !== true);
  const held = all.filter((f) => f.suppressed === true);
  const active = toExecute(world.caseEvents, units, from, to);

  const countsOf = (list: readonly FindingMessage[]) => {
    const bySeverity = { low: 0, medium: 0, high: 0, critical: 0 };
    const byRule = new Map<string, number>();
    for (const f of list) {
      bySeverity[f.severity]++;
      const k = `${f.ruleId}|${f.severity}`;
      byRule.set(k, (byRule.get(k) ?? 0) + 1);
    }
    return {
      total: list.length,
      bySeverity,
      byRule: [...byRule]
        .map(([k, count]) => {
          const [ruleId, severity] = k.split('|') as [string, (typeof SEVERITY_ORDER)[number]];
          return { ruleId, severity, count };
        })
        .sort(
          (a, b) =>
            (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
            SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
        ),
    };
  };
  const counted = countsOf(findings);
  const bySeverity = counted.bySeverity;

  // Precision: the latest outcome per finding, the confirmations of decisions in force.
  const outcome = new Map<string, InspectionEvent>();
  const breached = new Set<string>();
  for (const e of [...world.inspections].sort(byTime)) {
    if (e.type === 'inspection.sla_breached') breached.add(e.finding.findingId);
    else if (e.type !== 'inspection.closed' || e.data.conclusion) outcome.set(e.finding.findingId, e);
  }
  const decisions = world.discipline.filter((e) => e.type === 'proceeding.decided');
  const appeals = new Map(
    world.discipline.flatMap((e) => (e.type === 'appeal.resolved' ? [[e.proceedingId, e] as const] : [])),
  );
  const confirmed = new Set(
    decisions.flatMap((d) =>
      d.data.outcome === 'disciplined' && appeals.get(d.proceedingId)?.data.result !== 'annulled'
        ? d.data.findingIds
        : [],
    ),
  );
  const rules = new Map<
    string,
    { concluded: number; truePositives: number; confirmedByDiscipline: number; dismissed: number }
  >();
  for (const f of all) {
    const r = rules.get(f.ruleId) ?? { concluded: 0, truePositives: 0, confirmedByDiscipline: 0, dismissed: 0 };
    const o = outcome.get(f.findingId);
    if (o && o.type !== 'inspection.dismissed' && o.type !== 'inspection.sla_breached') {
      r.concluded++;
      if (o.data.conclusion?.truePositive) r.truePositives++;
    }
    if (o?.type === 'inspection.dismissed') r.dismissed++;
    if (confirmed.has(f.findingId)) r.confirmedByDiscipline++;
    if (r.concluded + r.confirmedByDiscipline + r.dismissed > 0) rules.set(f.ruleId, r);
  }
  const withPrecision = (r: {
    concluded: number;
    truePositives: number;
    confirmedByDiscipline: number;
    dismissed: number;
  }) => ({
    concluded: r.concluded,
    truePositives: r.truePositives,
    precision: ratio(r.truePositives, r.concluded),
    confirmedByDiscipline: r.confirmedByDiscipline,
    dismissed: r.dismissed,
  });
  const overall = [...rules.values()].reduce(
    (a, r) => ({
      concluded: a.concluded + r.concluded,
      truePositives: a.truePositives + r.truePositives,
      confirmedByDiscipline: a.confirmedByDiscipline + r.confirmedByDiscipline,
      dismissed: a.dismissed + r.dismissed,
    }),
    { concluded: 0, truePositives: 0, confirmedByDiscipline: 0, dismissed: 0 },
  );

  const officers = new Map<string, Map<string, number>>();
  for (const f of findings) {
    if (f.officerId === undefined) continue;
    const m = officers.get(f.officerId) ?? new Map<string, number>();
    m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
    officers.set(f.officerId, m);
  }
  const repeatedOfficers = [...officers]
    .map(([officerId, m]) => ({
      officerId,
      count: [...m.values()].reduce((a, b) => a + b, 0),
      rules: [...m]
        .map(([ruleId, count]) => ({ ruleId, count }))
        .sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)),
    }))
    .filter((o) => o.count >= 3)
    .sort((a, b) => b.count - a.count || (a.officerId < b.officerId ? -1 : 1))
    .slice(0, 20);

  const forms = {
    reprimand: 0,
    warning: 0,
    salary_step_reduction: 0,
    demotion: 0,
    removal_from_post: 0,
    dismissal: 0,
    unspecified: 0,
  };
  const outcomes = { disciplined: 0, not_disciplined: 0, referred_to_investigators: 0 };
  let annulled = 0;
  let changed = 0;
  const decided = decisions.filter((d) => units.has(d.unitId) && d.data.decidedOn >= from && d.data.decidedOn < to);
  for (const d of decided) {
    outcomes[d.data.outcome]++;
    const appeal = appeals.get(d.proceedingId)?.data;
    if (appeal?.result === 'annulled') annulled++;
    if (appeal?.result === 'changed') changed++;
    if (d.data.outcome === 'disciplined' && appeal?.result !== 'annulled')
      forms[(appeal?.result === 'changed' ? appeal.form : d.data.form) ?? 'unspecified']++;
  }

  // Workflow times. Triage: the lowest triaged or dismissed revision, timed by its statusChangedAt.
  const firstMove = new Map<string, FindingMessage>();
  for (const m of world.findings) {
    if (m.status !== 'triaged' && m.status !== 'dismissed') continue;
    const cur = firstMove.get(m.findingId);
    if (!cur || (m.revision ?? 0) < (cur.revision ?? 0)) firstMove.set(m.findingId, m);
  }
  const triage = all.flatMap((f) => {
    const t = firstMove.get(f.findingId)?.statusChangedAt;
    return t === undefined ? [] : [(Date.parse(t) - Date.parse(f.detectedAt)) / 1000];
  });
  // Conclude: findings concluded in the end, from detectedAt to their earliest conclusion.at.
  const conclude = all.flatMap((f) => {
    const o = outcome.get(f.findingId);
    if (!o || o.type === 'inspection.dismissed' || o.type === 'inspection.sla_breached') return [];
    const ats = world.inspections.flatMap((e) =>
      e.finding.findingId === f.findingId && 'conclusion' in e.data && e.data.conclusion
        ? [Date.parse(e.data.conclusion.at)]
        : [],
    );
    return [(Math.min(...ats) - Date.parse(f.detectedAt)) / 1000];
  });
  // Decide: whole days from the Vietnam day of the earliest proceeding.opened to decidedOn.
  const decide = decided.flatMap((d) => {
    const opened = world.discipline
      .filter((e) => e.type === 'proceeding.opened' && e.proceedingId === d.proceedingId)
      .map((e) => vnDay(e.occurredAt))
      .sort()[0];
    return opened === undefined ? [] : [(Date.parse(d.data.decidedOn) - Date.parse(opened)) / 1000];
  });

  const sla = all.filter((f) => breached.has(f.findingId)).length;
  const complaints = complaintsOf(world.caseEvents, units, from, to);
  const money = moneyAt(world.caseEvents, units, to);

  // The score, as the README writes it.
  const weighted = 0.5 * bySeverity.low + bySeverity.medium + 2 * bySeverity.high + 4 * bySeverity.critical;
  const judged = complaints.all.received - complaints.all.pending;
  const breakdown =
    active === 0
      ? null
      : {
          findings: Math.min(40, (weighted / active) * 100),
          slaBreaches: 10 * Math.min(1, findings.length === 0 ? 0 : sla / findings.length),
          complaints: 25 * (judged === 0 ? 0 : (complaints.all.resolvedLate + complaints.all.overdue) / judged),
          moneyAtRisk: 25 * (money.held === 0 ? 0 : Math.min(1, money.amount / money.held)),
        };
  const score =
    breakdown === null
      ? null
      : Math.round(
          Math.max(0, 100 - breakdown.findings - breakdown.slaBreaches - breakdown.complaints - breakdown.moneyAtRisk) *
            10,
        ) / 10;

  const months: [string, string][] = [];
  for (let m = `${from.slice(0, 7)}-01`; m < to; m = plusDays(`${m.slice(0, 7)}-28`, 5).slice(0, 7) + '-01')
    months.push([m < from ? from : m, plusDays(`${m.slice(0, 7)}-28`, 5).slice(0, 7) + '-01']);
  const clipped = months.map(([a, b]) => [a, b < to ? b : to] as const).slice(-24);

  return {
    activeCases: active,
    findings: {
      total: findings.length,
      per100ActiveCases: active === 0 ? null : (findings.length / active) * 100,
      bySeverity,
      byRule: counted.byRule,
      suppressed: countsOf(held),
    },
    precision: {
      overall: withPrecision(overall),
      byRule: [...rules].sort(([a], [b]) => (a < b ? -1 : 1)).map(([ruleId, r]) => ({ ruleId, ...withPrecision(r) })),
    },
    slaBreaches: { count: sla, rate: ratio(sla, findings.length) },
    repeatedOfficers,
    disciplineOutcomes: {
      decided: decided.length,
      byOutcome: outcomes,
      byForm: forms,
      annulledOnAppeal: annulled,
      changedOnAppeal: changed,
    },
    complaints,
    moneyAtRisk: { ...money, share: ratio(money.amount, money.held) },
    timeTo: { triage: durationsOf(triage), conclude: durationsOf(conclude), decide: durationsOf(decide) },
    score,
    scoreBreakdown: breakdown,
    trend: trend
      ? clipped.map(([a, b]) => {
          const m = countDirectly(world, units, a, b, false);
          const f = m['findings'] as {
            total: number;
            per100ActiveCases: number | null;
            suppressed: { total: number };
          };
          const p = m['precision'] as { overall: { precision: number | null } };
          return {
            from: a,
            to: b,
            activeCases: m['activeCases'],
            findings: f.total,
            suppressed: f.suppressed.total,
            findingsPer100ActiveCases: f.per100ActiveCases,
            precision: p.overall.precision,
            score: m['score'],
          };
        })
      : [],
  };
}

/** Rounds every non-integer to 9 places, so that sums taken in another order compare equal. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isInteger(value)) return Math.round(value * 1e9) / 1e9;
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

// ---- the test --------------------------------------------------------------------------------

describe('insight: integrity metrics per unit and period', () => {
  const ns = namespace();
  const sim = simulate({
    cases: 400,
    casesPerYear: 1_200,
    start: '2025-05-02',
    seed: 13,
    tailDays: 200,
    anomalyRate: 0.2,
  });
  const caseEvents = [...sim.events, ...extraCaseEvents()];
  const world: World = {
    caseEvents: caseEvents.filter((e) => e.type !== 'clock.tick'),
    findings: [],
    inspections: [],
    discipline: [],
  };
  let bus: KafkaBus;
  let svc: InsightUnderTest;

  beforeAll(async () => {
    await publishRegistry(ns, sim.registry);
    bus = busFor(ns);
    await bus.connect();
    await bus.ensureTopics();
    // Case and complaint events routed as EVENTS.md asks (a complaint without a case by its officer, its resolution too).
    const router = new Router(6);
    const records: OutRecord[] = [];
    for (const e of caseEvents) router.route(e, records);
    await publishRecords(bus, records);

    // The findings, from the detector run on the province.
    const detector = await startDetector(ns);
    const store = await openDb(ns);
    const tail = await bus.tail('Findings', `it-${ns.id}-findings-reader`);
    try {
      await waitFor(
        'the detector to publish every finding of the province',
        async () => {
          const input = await bus.lag(`it-${ns.id}-detector`, ['CaseEvents', 'FinanceEvents']);
          const subjects = await bus.lag(`it-${ns.id}-detector-subjects`, ['DetectorFacts']);
          const stored = await store.db.collection('findings').countDocuments();
          const pending = await store.db.collection('findings_outbox').countDocuments();
          const published = new Set(tail.messages.map((m) => m.value.findingId)).size;
          return input === 0 && subjects === 0 && pending === 0 && stored > 0 && published === stored;
        },
        300_000,
      );
    } finally {
      await detector.close();
      await store.close();
    }
    const raised = [...new Map(tail.messages.map((m) => [m.value.findingId, m.value])).values()];
    await tail.stop();

    const all = [...raised, ...extraFindings()];
    const { revisions, inspections, discipline } = workflow(all);
    for (const e of [...inspections, ...discipline]) {
      const parsed = 'finding' in e ? parseInspectionEvent(e) : parseDisciplineEvent(e);
      if (!parsed.ok) throw new Error(`${e.eventId}: ${parsed.reason}`);
    }
    world.findings = [...raised, ...extraFindings(), ...revisions];
    world.inspections = inspections;
    world.discipline = discipline;
    // Out of order on purpose: decisions before the conclusions they rest on, revisions before stale copies.
    await bus.publish(
      'Discipline',
      discipline.map((e) => ({ key: e.officerId, value: e })),
    );
    await bus.publish(
      'Inspections',
      [...inspections].reverse().map((e) => ({ key: e.officerId ?? e.unitId, value: e })),
    );
    await bus.publish(
      'Findings',
      [...extraFindings(), ...revisions].map((f) => ({ key: f.findingId, value: f })),
    );

    svc = await InsightUnderTest.start(insightConfig(ns, 'a'));
    await svc.caughtUp(bus);
  }, 900_000);

  afterAll(async () => {
    await svc?.close();
    await bus?.disconnect();
    await dropNamespace(ns);
    await dropNamespace({ ...ns, db: `${ns.db}_a` });
    await dropNamespace({ ...ns, db: `${ns.db}_b` });
  });

  const units = () => new Set(sim.registry.flatMap((e) => (e.type === 'registry.unit' ? [e.data.unitId] : [])));
  const periods: [string, string][] = [
    ['2025-07-01', '2025-10-01'],
    ['2025-10-01', '2026-01-01'],
    ['2025-05-01', '2026-10-01'],
  ];

  it.each(periods)('the province from %s to %s equals the figures counted from the topics', async (from, to) => {
    const answer = await svc.get(`/api/insight/integrity?unitId=DT&from=${from}&to=${to}`);
    expect(answer.status).toBe(200);
    const expected = countDirectly(world, units(), from, to);
    expect(rounded(answer.body)).toEqual(rounded(expected));
  });

  it('is not a comparison of zeros: every figure has something in it over the whole story', () => {
    const all = countDirectly(world, units(), '2025-05-01', '2026-10-01') as {
      findings: { total: number; suppressed: { total: number } };
      precision: {
        overall: { concluded: number; truePositives: number; confirmedByDiscipline: number; dismissed: number };
      };
      slaBreaches: { count: number };
      repeatedOfficers: unknown[];
      disciplineOutcomes: { byOutcome: Record<string, number>; annulledOnAppeal: number; changedOnAppeal: number };
      complaints: { all: { resolvedOnTime: number; resolvedLate: number; overdue: number } };
      timeTo: Record<'triage' | 'conclude' | 'decide', { count: number }>;
      trend: unknown[];
    };
    const quarter = countDirectly(world, units(), '2025-10-01', '2026-01-01') as {
      complaints: { all: { pending: number } };
      moneyAtRisk: { amount: number; held: number };
    };
    expect({
      findings: all.findings.total > 20,
      suppressed: all.findings.suppressed.total > 0,
      concluded: all.precision.overall.concluded > 0,
      truePositives: all.precision.overall.truePositives > 0,
      confirmed: all.precision.overall.confirmedByDiscipline > 0,
      dismissed: all.precision.overall.dismissed > 0,
      sla: all.slaBreaches.count > 0,
      officers: all.repeatedOfficers.length > 0,
      disciplined: all.disciplineOutcomes.byOutcome['disciplined']! > 0,
      notDisciplined: all.disciplineOutcomes.byOutcome['not_disciplined']! > 0,
      appeals: all.disciplineOutcomes.annulledOnAppeal + all.disciplineOutcomes.changedOnAppeal,
      onTime: all.complaints.all.resolvedOnTime > 0,
      late: all.complaints.all.resolvedLate > 0,
      overdue: all.complaints.all.overdue > 0,
      pending: quarter.complaints.all.pending > 0,
      held: quarter.moneyAtRisk.held > 0,
      atRisk: quarter.moneyAtRisk.amount > 0,
      months: all.trend.length,
      timed: [all.timeTo.triage.count > 0, all.timeTo.conclude.count > 0, all.timeTo.decide.count > 0],
    }).toEqual({
      findings: true,
      suppressed: true,
      concluded: true,
      truePositives: true,
      confirmed: true,
      dismissed: true,
      sla: true,
      officers: true,
      disciplined: true,
      notDisciplined: true,
      appeals: 2,
      onTime: true,
      late: true,
      overdue: true,
      pending: true,
      held: true,
      atRisk: true,
      months: 17,
      timed: [true, true, true],
    });
  });

  it('an area office counts only its own, and a month asked alone equals its point of the trend', async () => {
    const [from, to] = ['2025-10-01', '2026-01-01'];
    for (const unit of ['DT-KV01', 'DT-KV02']) {
      const own = await svc.get(`/api/insight/integrity?unitId=${unit}&from=${from}&to=${to}`, ['leadership'], unit);
      expect(rounded(own.body)).toEqual(rounded(countDirectly(world, new Set([unit]), from, to)));
    }
    // A month asked on its own gives the trend's point for that month.
    const year = (await svc.get('/api/insight/integrity?unitId=DT&from=2025-05-01&to=2026-10-01')).body;
    const november = (await svc.get('/api/insight/integrity?unitId=DT&from=2025-11-01&to=2025-12-01')).body;
    expect((year['trend'] as Body[]).find((p) => p['from'] === '2025-11-01')).toMatchObject({
      findings: (november['findings'] as Body)['total'],
      score: november['score'],
      precision: ((november['precision'] as Body)['overall'] as Body)['precision'],
    });
  });

  it('refuses other roles, units outside the scope and bad periods as the statistics call does', async () => {
    const q = '/api/insight/integrity?unitId=DT&from=2025-10-01&to=2026-01-01';
    expect((await svc.get(q, ['inspector'])).status).toBe(403);
    expect((await svc.get(q, ['admin'])).status).toBe(200);
    expect((await svc.get(q, ['leadership'], 'DT-KV01')).body['code']).toBe('UNIT_OUT_OF_SCOPE');
    const bad = await svc.get('/api/insight/integrity?unitId=DT&from=2025-10-01&to=2025-02-30');
    expect([bad.status, bad.body['field']]).toEqual([400, 'to']);
    expect((await svc.get('/api/insight/integrity?unitId=NOPE&from=2025-10-01&to=2026-01-01', ['admin'])).status).toBe(
      404,
    );
  });

  it('reports the new consumers on /health and /metrics, and the answer in the API document', async () => {
    const health = (await (await fetch(`${svc.base}/health`)).json()) as {
      components: Record<string, { up: boolean }>;
    };
    for (const c of ['findings-consumer', 'inspections-consumer', 'case-integrity-consumer'])
      expect([c, health.components[`insight.${c}`]?.up]).toEqual([c, true]);
    const text = await (await fetch(`${svc.base}/metrics`)).text();
    for (const g of ['findings', 'inspections', 'case-integrity'])
      expect(text).toMatch(
        new RegExp(`kafka_consumer_group_lag\\{[^}]*group="it-${ns.id}-insight-a-${g}"[^}]*\\} 0\\n`),
      );
    expect(text).toMatch(/thads_events_consumed_total\{[^}]*kind="discipline"[^}]*\} [1-9]/);
    const doc = (await (await fetch(`${svc.base}/api/insight/docs/openapi.json`)).json()) as {
      paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, { schema: Body }> }> } }>;
    };
    const schema = doc.paths['/api/insight/integrity']?.get?.responses['200']?.content?.['application/json']?.schema;
    expect(Object.keys((schema?.['properties'] as Body | undefined) ?? {})).toEqual(
      expect.arrayContaining([
        'findings',
        'precision',
        'slaBreaches',
        'repeatedOfficers',
        'disciplineOutcomes',
        'complaints',
        'moneyAtRisk',
        'timeTo',
        'score',
        'trend',
      ]),
    );
  });

  it("files the period's integrity metrics in the Excel and PDF reports, Vietnamese first, that read back as the API answers", async () => {
    const q = 'unitId=DT&from=2025-10-01&to=2026-01-01';
    const f = (await svc.get(`/api/insight/integrity?${q}`)).body as unknown as IntegrityFigures;
    expect(f.findings.total).toBeGreaterThan(0);

    // The workbook: a third sheet, its figures numbers, labelled in Vietnamese (English with lang=en).
    const rowsOf = async (lang: 'vi' | 'en') => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await svc.download(`/api/insight/reports/statistics.xlsx?${q}&lang=${lang}`)) as never);
      const sheet = wb.worksheets[2]!;
      const rows = new Map<string, unknown[]>();
      sheet.eachRow((row) => {
        const [, label, ...values] = row.values as unknown[];
        if (typeof label === 'string' && !rows.has(label)) rows.set(label, values);
      });
      return { names: wb.worksheets.map((w) => w.name), rows };
    };
    const vi = await rowsOf('vi');
    expect(vi.names).toEqual(['Tổng hợp', 'Theo đơn vị', 'Liêm chính']);
    expect(vi.rows.get('Điểm (0–100)')).toEqual([f.score]);
    expect(vi.rows.get('Số phát hiện trong kỳ')).toEqual([f.findings.total]);
    expect(vi.rows.get('Phát hiện đang tạm ẩn (tính riêng)')).toEqual([f.findings.suppressed.total]);
    expect(vi.rows.get('Phát hiện quá hạn kiểm tra')).toEqual([f.slaBreaches.count]);
    expect(vi.rows.get('Giữ quá 10 ngày chưa chi trả')).toEqual([f.moneyAtRisk.amount]);
    expect(vi.rows.get('Tổng tiền đang giữ')).toEqual([f.moneyAtRisk.held]);
    expect(vi.rows.get('Số quyết định trong kỳ')).toEqual([f.disciplineOutcomes.decided]);
    expect(vi.rows.get('  Cảnh cáo')).toEqual([f.disciplineOutcomes.byForm.warning]);
    const all = f.complaints.all;
    expect(vi.rows.get('Tổng')?.slice(0, 5)).toEqual([
      all.received,
      all.resolvedOnTime,
      all.resolvedLate,
      all.overdue,
      all.pending,
    ]);
    const p = f.precision.overall;
    expect(vi.rows.get('Tất cả quy tắc')?.slice(0, 2)).toEqual([p.concluded, p.truePositives]);
    for (const r of f.findings.byRule) expect(vi.rows.has(r.ruleId)).toBe(true);
    expect(vi.rows.get('Phân loại phát hiện')?.[0]).toBe(f.timeTo.triage.count);
    const en = await rowsOf('en');
    expect(en.names).toEqual(['Summary', 'By unit', 'Integrity']);
    expect(en.rows.get('Findings in the period')).toEqual([f.findings.total]);

    // The PDF: the section's Vietnamese headings and figures read back, money as "… đ".
    const dir = mkdtempSync(join(tmpdir(), 'thads-integrity-report-'));
    try {
      const file = join(dir, 'report.pdf');
      writeFileSync(file, await svc.download(`/api/insight/reports/statistics.pdf?${q}`));
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      for (const heading of [
        'CHỈ SỐ LIÊM CHÍNH',
        'Điểm liêm chính của đơn vị',
        'Phát hiện theo quy tắc và mức độ',
        'Độ chính xác của quy tắc',
        'Thời gian xử lý',
        'Giải quyết khiếu nại, tố cáo đúng hạn',
        'Tiền có rủi ro (cuối kỳ)',
        'Kết quả xử lý kỷ luật',
        'Buộc thôi việc',
      ])
        expect(text).toContain(heading);
      const vnd = (n: number) => `${new Intl.NumberFormat('vi-VN').format(n)} đ`;
      expect(text).toMatch(
        new RegExp(`Giữ quá 10 ngày chưa chi trả\\s+${vnd(f.moneyAtRisk.amount).replace(/\./g, '\\.')}`),
      );
      expect(text).toMatch(new RegExp(`Số phát hiện trong kỳ\\s+${f.findings.total}\\b`));
      expect(text).toContain('Kỳ báo cáo: từ ngày 01/10/2025 đến ngày 31/12/2025');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a fresh namespace replaying the same topics gives identical figures', async () => {
    const replay = await InsightUnderTest.start(insightConfig(ns, 'b'));
    try {
      await replay.caughtUp(bus);
      for (const [from, to] of [...periods, ['2025-11-01', '2025-12-01'] as [string, string]]) {
        const q = `/api/insight/integrity?unitId=DT&from=${from}&to=${to}`;
        expect((await replay.get(q)).body).toEqual((await svc.get(q)).body);
      }
    } finally {
      await replay.close();
    }
  }, 400_000);
});
