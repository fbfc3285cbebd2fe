import type { AnyEvent, RuleId } from '@thads/contracts';
import { dayFromIso, dayOf, isoFromDay, startOfDay, toVnRfc3339, WorkingCalendar } from '@thads/rules';
import { CaseScript } from './case-script';
import {
  buildProvince,
  officer as makeOfficer,
  registryEvents,
  type Officer,
  type Province,
  type Unit,
} from './province';
import { Rng } from './random';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Every rule of RULES.md, in the order plants are dealt out (the order fixes what a seed
 * produces, so a new rule goes at the end). `simulation.spec.ts` checks it against `RULE_IDS`.
 */
export const PLANTABLE_RULES = [
  'late-decision',
  'verification-overdue',
  'unable-without-verification',
  'stale-unable-reverification',
  'repeated-postponement',
  'stagnant-case',
  'reassignment-before-payout',
  'late-complaint-resolution',
  'payout-overdue',
  'cash-not-deposited',
  'payee-not-party',
  'over-disbursement',
  'closed-with-undisbursed-funds',
  'fee-waiver-without-grounds',
  'split-payouts',
  'auction-below-valuation',
  'excessive-price-reduction',
  'single-bidder-sale',
  'related-party',
  'complaint-cluster',
  'unable-rate-outlier',
] as const satisfies readonly RuleId[];
export type PlantRule = (typeof PLANTABLE_RULES)[number];

/** Rules whose finding is about an officer rather than a case. */
const OFFICER_RULES: ReadonlySet<string> = new Set(['complaint-cluster', 'unable-rate-outlier']);

export interface SimulationOptions {
  /** New cases received by the province's offices (planted irregularities may add their own, see README). */
  cases: number;
  /** Share of cases that carry a planted irregularity (0 to 1). */
  anomalyRate: number;
  seed: number;
  /** First day cases are received (YYYY-MM-DD). */
  start: string;
  /** Intake rate: Đồng Tháp received about 16,000 new cases a year (DOMAIN.md). */
  casesPerYear: number;
  /** Enforcement officers per area office (the provincial office has half as many). */
  officersPerOffice: number;
  /** Days the story runs on after the last case is received (plants need up to about 230). */
  tailDays: number;
}

export const DEFAULT_OPTIONS: SimulationOptions = {
  cases: 16_000,
  anomalyRate: 0,
  seed: 1,
  start: '2025-01-02',
  casesPerYear: 16_000,
  officersPerOffice: 8,
  tailDays: 270,
};

/** One finding the planted irregularities must produce. */
export interface ExpectedFinding {
  ruleId: string;
  /** The case the finding is about (case rules and split-payouts). */
  caseId?: string;
  /** The officer the finding is about (complaint-cluster, unable-rate-outlier). */
  officerId?: string;
  unitId: string;
  /** The plant that causes it: a case closed with money still held is also a late payout. */
  plant: string;
  what: string;
}

export interface Simulation {
  options: SimulationOptions;
  /** First and last instant of the story (RFC 3339, Vietnam time); the last daily tick is `to`. */
  from: string;
  to: string;
  /** Registry events describing the province, to publish before anything else. */
  registry: AnyEvent[];
  /** Case, complaint and finance events and one `clock.tick` per day, in `occurredAt` order. */
  events: AnyEvent[];
  truth: ExpectedFinding[];
  stats: {
    cases: number;
    plantedCases: number;
    plants: Record<string, number>;
    events: number;
    ticks: number;
    registry: number;
  };
}

/** The key under which a finding and a planted irregularity are compared. */
export function matchKey(
  ruleId: string,
  subject: { caseId?: string | undefined; officerId?: string | undefined },
): string {
  return OFFICER_RULES.has(ruleId)
    ? `${ruleId}|officer:${subject.officerId ?? '?'}`
    : `${ruleId}|case:${subject.caseId ?? '?'}`;
}

type Category = 'able' | 'unable';
type Branch = 'voluntary' | 'terminated' | 'classify';

interface CaseSpec {
  caseId: string;
  unit: Unit;
  officer: Officer;
  t0: number;
  plant?: PlantRule;
  /** Classification decided by the plan (planted officers), not by the officer's usual pattern. */
  category?: Category;
  /** No side story (complaints) on this case. */
  quiet?: boolean;
}

/**
 * Generates a province's enforcement activity following DOMAIN.md's lifecycle and deadlines:
 * every case that carries no plant meets every rule of RULES.md, and every plant breaks exactly
 * the rules listed for it in the truth. Deterministic for a seed.
 */
export class ProvinceSimulator {
  private readonly rng: Rng;
  private readonly calendar = new WorkingCalendar();
  private readonly province: Province;
  private readonly end: number;
  private readonly startDay: number;
  private readonly receiptDays: number;
  private readonly scripts: CaseScript[] = [];
  private readonly truth: ExpectedFinding[] = [];
  private readonly plants: Record<string, number> = {};
  private readonly extraOfficers: Officer[] = [];
  /** Next officer in turn, per unit. */
  private readonly turn = new Map<string, number>();
  /** Classifications made so far, per officer: every fourth is `unable` (a steady 25 % share). */
  private readonly classified = new Map<string, number>();
  /** Unable classifications a plant gave an officer beyond their turn (negative: fewer). */
  private readonly owed = new Map<string, number>();
  /** Times of complaints naming each officer (normal cases keep at most two in any year). */
  private readonly named = new Map<string, number[]>();
  /** Officers kept free of ordinary named complaints, for complaint-cluster plants. */
  private readonly clusterOfficers: Officer[];
  private readonly lastOutlier = new Map<string, number>();
  private plantTurn = 0;
  private caseCount = 0;
  private lifecycles = 0;

  constructor(private readonly options: SimulationOptions) {
    this.rng = new Rng(options.seed);
    this.province = buildProvince(this.rng, options.officersPerOffice);
    this.startDay = dayFromIso(options.start);
    this.receiptDays = Math.max(1, Math.round((options.cases / options.casesPerYear) * 365));
    this.end = startOfDay(this.startDay + this.receiptDays + options.tailDays);
    const wantedClusters = Math.ceil((options.cases * options.anomalyRate) / PLANTABLE_RULES.length) + 1;
    const everyone = this.rng.shuffle(this.province.units.flatMap((u) => u.enforcement));
    this.clusterOfficers = everyone.slice(0, Math.min(wantedClusters, Math.floor(everyone.length / 3)));
  }

  run(): Simulation {
    const { cases, anomalyRate } = this.options;
    const plantSlots = new Set(
      this.rng.shuffle(Array.from({ length: cases }, (_, i) => i)).slice(0, Math.round(cases * anomalyRate)),
    );
    const units = this.province.units;
    const totalWeight = units.reduce((s, u) => s + u.weight, 0);
    for (let i = 0; i < cases; i += 1) {
      const day = this.startDay + Math.floor((i * this.receiptDays) / cases);
      const t0 = this.officeHours(this.workingDayFrom(day));
      let r = this.rng.next() * totalWeight;
      const unit = units.find((u) => (r -= u.weight) < 0) ?? units[units.length - 1]!;
      const spec: CaseSpec = { caseId: this.caseId(unit, t0), unit, officer: this.nextOfficer(unit), t0 };
      if (plantSlots.has(i)) this.plant(spec);
      else this.lifecycle(spec);
    }
    return this.assemble();
  }

  // ---- time -------------------------------------------------------------------------------

  private workingDayFrom(day: number): number {
    let d = day;
    while (!this.calendar.isWorkingDay(d)) d += 1;
    return d;
  }

  private officeHours(day: number): number {
    return startOfDay(day) + 8 * HOUR + this.rng.int(0, 7 * 60) * MINUTE;
  }

  /**
   * A moment in office hours on a working day from `min` to `max` calendar days after `from`
   * (the first day of the range when none is a working day, as around Tết). Staying inside
   * the range keeps ordinary cases inside every calendar-day limit.
   */
  private after(from: number, min: number, max: number): number {
    const d0 = dayOf(from);
    const days: number[] = [];
    for (let k = min; k <= max; k += 1) if (this.calendar.isWorkingDay(d0 + k)) days.push(d0 + k);
    return this.officeHours(days.length > 0 ? this.rng.pick(days) : d0 + min);
  }

  // ---- people -------------------------------------------------------------------------------

  private caseId(unit: Unit, t0: number): string {
    this.caseCount += 1;
    return `${unit.unitId}-${toVnRfc3339(t0).slice(0, 4)}-${String(this.caseCount).padStart(6, '0')}`;
  }

  private nextOfficer(unit: Unit): Officer {
    const n = this.turn.get(unit.unitId) ?? 0;
    this.turn.set(unit.unitId, n + 1);
    return unit.enforcement[n % unit.enforcement.length]!;
  }

  private accountant(unit: Unit): string {
    return unit.staff.find((o) => o.role === 'accountant')!.officerId;
  }

  /**
   * The officer's next classification: every fourth is `unable`. A plant that needs a given
   * category takes the turn and the difference is made up on later turns, so plants do not push
   * an ordinary officer's share towards the outlier threshold.
   */
  private nextCategory(officer: Officer, forced?: Category): Category {
    const id = officer.officerId;
    const n = this.classified.get(id) ?? 0;
    this.classified.set(id, n + 1);
    const turn: Category = n % 4 === 3 ? 'unable' : 'able';
    const owed = this.owed.get(id) ?? 0;
    if (forced) {
      if (forced !== turn) this.owed.set(id, owed + (forced === 'unable' ? 1 : -1));
      return forced;
    }
    if (turn === 'unable' && owed > 0) {
      this.owed.set(id, owed - 1);
      return 'able';
    }
    if (turn === 'able' && owed < 0) {
      this.owed.set(id, owed + 1);
      return 'unable';
    }
    return turn;
  }

  /** May an ordinary complaint at `at` name this officer? Never a reserved one; never a third in a year. */
  private mayName(officer: Officer, at: number): boolean {
    if (this.clusterOfficers.includes(officer)) return false;
    const times = this.named.get(officer.officerId) ?? [];
    const year = 366 * 24 * HOUR;
    if (times.filter((t) => Math.abs(t - at) < year).length >= 2) return false;
    times.push(at);
    this.named.set(officer.officerId, times);
    return true;
  }

  // ---- plants -------------------------------------------------------------------------------

  private expect(
    ruleId: string,
    plant: string,
    unitId: string,
    subject: { caseId?: string; officerId?: string },
    what: string,
  ): void {
    this.truth.push({ ruleId, ...subject, unitId, plant, what });
  }

  /** Deals the next rule to a plant slot; a rule that cannot take one here passes to the next. */
  private plant(spec: CaseSpec): void {
    for (let tries = 0; tries < PLANTABLE_RULES.length; tries += 1) {
      const rule = PLANTABLE_RULES[this.plantTurn % PLANTABLE_RULES.length]!;
      this.plantTurn += 1;
      if (rule === 'complaint-cluster' && this.plants[rule] === this.clusterOfficers.length) continue;
      if (rule === 'unable-rate-outlier') {
        const last = this.lastOutlier.get(spec.unit.unitId);
        if (last !== undefined && spec.t0 - last < 420 * 24 * HOUR) continue;
        this.lastOutlier.set(spec.unit.unitId, spec.t0);
      }
      this.plants[rule] = (this.plants[rule] ?? 0) + 1;
      const tag = `${rule}#${this.plants[rule]}`;
      switch (rule) {
        case 'complaint-cluster':
          this.lifecycle(spec);
          this.complaintCluster(spec, this.clusterOfficers[this.plants[rule] - 1]!, tag);
          return;
        case 'unable-rate-outlier':
          this.lifecycle(spec);
          this.unableOutlier(spec, tag);
          return;
        case 'closed-with-undisbursed-funds':
          this.expect(
            'payout-overdue',
            tag,
            spec.unit.unitId,
            { caseId: spec.caseId },
            'the money still held at closure is not paid out within 10 days',
          );
          break;
        default:
          break;
      }
      this.expect(rule, tag, spec.unit.unitId, { caseId: spec.caseId }, `planted on case ${spec.caseId}`);
      this.lifecycle({ ...spec, plant: rule, quiet: true });
      return;
    }
    this.lifecycle(spec);
  }

  /** Three complaints naming one officer within about two months, none tied to a case (keyed by the officer). */
  private complaintCluster(spec: CaseSpec, target: Officer, tag: string): void {
    const c = new CaseScript(
      `K-${target.officerId}-${this.plants['complaint-cluster']}`,
      target.unitId,
      spec.t0,
      this.end,
      this.accountant(spec.unit),
    );
    let at = spec.t0;
    const gaps: [number, number][] = [
      [5, 15],
      [20, 35],
      [20, 35],
    ];
    gaps.forEach(([min, max], k) => {
      at = this.after(at, min, max);
      const complaintId = `KN-${c.caseId}-${k + 1}`;
      c.add(
        'complaint.received',
        at,
        {
          complaintId,
          kind: k === 1 ? 'denunciation' : 'complaint',
          againstOfficerId: target.officerId,
          topic: this.rng.pick(['harassment', 'bribery', 'delay'] as const),
        },
        { caseless: true },
      );
      c.add(
        'complaint.resolved',
        this.after(at, 5, 15),
        { complaintId, outcome: this.rng.pick(['upheld', 'partially_upheld', 'rejected'] as const) },
        { caseless: true },
      );
      at += MINUTE;
    });
    this.scripts.push(c);
    this.expect(
      'complaint-cluster',
      tag,
      target.unitId,
      { officerId: target.officerId },
      `three complaints against ${target.officerId} within about two months`,
    );
  }

  /** A new officer of the unit who classifies 20 of 24 cases `unable` within a month or so (peers: one in four). */
  private unableOutlier(spec: CaseSpec, tag: string): void {
    const unit = spec.unit;
    const x = makeOfficer(
      this.rng,
      unit.unitId,
      `${unit.unitId}-X${this.plants['unable-rate-outlier']}`,
      'enforcement_officer',
    );
    this.extraOfficers.push(x);
    let t = spec.t0;
    for (let k = 0; k < 24; k += 1) {
      t = this.after(t, 1, 2);
      this.lifecycle({
        caseId: this.caseId(unit, t),
        unit,
        officer: x,
        t0: t,
        category: k < 20 ? 'unable' : 'able',
        quiet: true,
      });
    }
    this.expect(
      'unable-rate-outlier',
      tag,
      unit.unitId,
      { officerId: x.officerId },
      `${x.officerId} classified 20 of 24 cases unable`,
    );
  }

  // ---- the lifecycle -------------------------------------------------------------------------

  private lifecycle(spec: CaseSpec): void {
    const { rng } = this;
    const { caseId, unit, plant } = spec;
    let officer = spec.officer;
    const c = new CaseScript(caseId, unit.unitId, spec.t0, this.end, this.accountant(unit));
    this.scripts.push(c);
    this.lifecycles += 1;
    // A split-payouts plant counts payouts to one payee: it keeps to one creditor. (A
    // reassignment-before-payout plant may pay two: one change of officer is one finding.)
    const oneCreditor = plant === 'split-payouts';
    const creditors = rng.chance(0.15) && !oneCreditor ? [`P-${caseId}-C1`, `P-${caseId}-C2`] : [`P-${caseId}-C1`];
    const debtor = `P-${caseId}-D1`;
    const small = plant === 'split-payouts' || plant === 'cash-not-deposited';
    const claim =
      plant === 'split-payouts' ? rng.amount(150e6, 280e6) : small ? rng.amount(5e6, 150e6) : rng.amount(5e6, 3e9);

    c.add('case.received', spec.t0, {
      mode: rng.chance(0.3) ? 'ex_officio' : 'on_request',
      judgmentRef: `BA-${caseId}`,
      creditorIds: creditors,
      debtorIds: [debtor],
      claimAmount: claim,
    });
    let t = c.add(
      'case.decision_issued',
      plant === 'late-decision' ? this.after(spec.t0, 18, 25) : this.after(spec.t0, 1, 3),
      { decisionNo: `QD-${caseId}` },
    );
    t = c.add('case.assigned', this.after(t, 0, 1), { officerId: officer.officerId });
    const notified = c.add('case.notified', this.after(t, 1, 2), {});
    const payees = creditors;

    /** Collects `amount` (cash goes to the holding account the same day unless planted late). */
    const collect = (at: number, amount: number, cash: boolean, depositLate = false): number => {
      const receiptNo = c.nextReceipt();
      const when = c.add('finance.collected', at, {
        receiptNo,
        amount,
        method: cash ? 'cash' : 'transfer',
        payerId: debtor,
      });
      if (cash) {
        if (depositLate)
          c.aside('finance.deposited', this.officeHours(this.calendar.addWorkingDays(dayOf(when), 3)), {
            amount,
            receiptNos: [receiptNo],
          });
        else c.add('finance.deposited', when + rng.int(30, 120) * MINUTE, { amount, receiptNos: [receiptNo] });
      }
      return when;
    };
    /** Pays `amount` collected at `collectedAt` to the creditors, pro rata, within [min, max] days. */
    const payOut = (collectedAt: number, amount: number, min = 1, max = 6): number => {
      let at = this.after(collectedAt, min, max);
      let left = amount;
      payees.forEach((payeeId, k) => {
        const share = k === payees.length - 1 ? left : Math.round(amount / payees.length / 1000) * 1000;
        left -= share;
        at = c.add('finance.disbursed', at, { voucherNo: c.nextVoucher(), amount: share, payeeId }) + 20 * MINUTE;
      });
      return at;
    };
    const feeAndClose = (at: number, paid: number): void => {
      const fee = Math.round((paid * 0.03) / 1000) * 1000;
      const waived = plant === 'fee-waiver-without-grounds' || rng.chance(0.05);
      const feeAt = c.add(
        'finance.fee_assessed',
        at + 10 * MINUTE,
        waived
          ? plant === 'fee-waiver-without-grounds'
            ? { amount: fee, waived: true }
            : { amount: fee, waived: true, waiverReasonCode: 'poor_household' }
          : { amount: fee, waived: false },
      );
      c.add('case.closed', this.after(feeAt, 1, 5), { result: 'fully_executed' });
    };

    if (!spec.quiet && rng.chance(0.03)) this.sideComplaint(c, officer, notified);
    if (plant === 'late-complaint-resolution') this.lateComplaint(c, notified);

    const branch = this.branchFor(plant, spec.category);
    if (branch === 'terminated') {
      c.add('case.terminated', this.after(notified, 3, 9), { reasonCode: 'creditor_withdrew' });
      return;
    }
    if (branch === 'voluntary') {
      const cash = plant === 'cash-not-deposited' || (claim <= 200e6 && rng.chance(0.3));
      const collectedAt = collect(this.after(notified, 3, 8), claim, cash, plant === 'cash-not-deposited');
      switch (plant) {
        case 'payee-not-party':
          t = c.add('finance.disbursed', this.after(collectedAt, 1, 6), {
            voucherNo: c.nextVoucher(),
            amount: claim,
            payeeId: `P-${caseId}-X`,
          });
          break;
        case 'related-party': {
          // A creditor paid into an account that belongs to an officer (of another office).
          const other = this.rng.pick(this.province.units.filter((u) => u !== unit)).enforcement[0]!;
          t = c.add('finance.disbursed', this.after(collectedAt, 1, 6), {
            voucherNo: c.nextVoucher(),
            amount: claim,
            payeeId: payees[0]!,
            payeeAccountHash: other.bankAccountHashes[0]!,
          });
          break;
        }
        case 'over-disbursement':
          t = payOut(collectedAt, claim + rng.amount(1e6, 20e6));
          break;
        case 'closed-with-undisbursed-funds': {
          const held = Math.min(Math.round(claim / 2000) * 1000, rng.amount(1e6, 50e6));
          t = payOut(collectedAt, claim - held);
          break;
        }
        case 'payout-overdue':
          t = payOut(collectedAt, claim, 15, 25);
          break;
        case 'split-payouts': {
          let at = this.after(collectedAt, 1, 6);
          const part = Math.floor(claim / 3000) * 1000;
          for (const amount of [part, part, claim - 2 * part])
            at =
              c.add('finance.disbursed', at, { voucherNo: c.nextVoucher(), amount, payeeId: payees[0]! }) + 40 * MINUTE;
          t = at;
          break;
        }
        default:
          t = payOut(collectedAt, claim);
      }
      feeAndClose(t, claim);
      return;
    }

    // Plants decide their classification (an auction plant needs an `able` case); they still take
    // the officer's turn, so the officer's share stays near one in four.
    const planted: Category | undefined =
      plant === 'unable-without-verification' || plant === 'stale-unable-reverification'
        ? 'unable'
        : plant !== undefined && plant !== 'late-complaint-resolution'
          ? 'able'
          : undefined;
    const category: Category = spec.category ?? this.nextCategory(officer, planted);
    const verifiedAt = plant === 'verification-overdue' ? this.after(notified, 28, 35) : this.after(notified, 11, 17);
    const result =
      category === 'able' || plant === 'unable-without-verification'
        ? 'has_assets'
        : rng.pick(['no_assets', 'partial'] as const);
    t = c.add('case.verified', verifiedAt, { result });
    t = c.add('case.classified', this.after(t, 1, 3), { category });

    if (category === 'unable') {
      // Re-verified at least every six months (Law art. 44) for as long as the story runs.
      let [min, max] = plant === 'stale-unable-reverification' ? [200, 230] : [120, 170];
      while (!c.stopped) {
        t = c.add('case.verified', this.after(t, min, max), {
          result: rng.pick(['no_assets', 'no_assets', 'partial'] as const),
        });
        [min, max] = [120, 170];
      }
      return;
    }

    const ordinary = plant === undefined;
    if (ordinary && rng.chance(0.05)) {
      officer = this.rng.pick(unit.enforcement.filter((o) => o !== officer));
      t = c.add('case.assigned', this.after(t, 1, 5), { officerId: officer.officerId, reason: 'workload' });
    }
    const postponements = plant === 'repeated-postponement' ? 3 : ordinary && rng.chance(0.1) ? rng.int(1, 2) : 0;
    for (let k = 0; k < postponements; k += 1) {
      t = c.add('case.postponed', this.after(t, 5, 20), {
        reasonCode: rng.pick(['debtor_ill', 'creditor_request', 'court_request', 'other'] as const),
        until: isoFromDay(dayOf(t) + 30),
      });
    }
    // The idle gap of a stagnant case: the next step comes after more than 90 days.
    const [gapMin, gapMax] = plant === 'stagnant-case' ? [100, 120] : [5, 15];

    const auction =
      plant === 'auction-below-valuation' ||
      plant === 'excessive-price-reduction' ||
      plant === 'single-bidder-sale' ||
      plant === 'related-party' ||
      (plant !== 'reassignment-before-payout' && plant !== 'payout-overdue' && rng.chance(0.45));
    if (!auction) {
      const parts = rng.int(2, 5);
      let left = claim;
      for (let k = 0; k < parts && !c.stopped; k += 1) {
        const amount = k === parts - 1 ? left : Math.round(claim / parts / 1000) * 1000;
        left -= amount;
        const collectedAt = collect(
          k === 0 ? this.after(t, gapMin + 15, gapMax + 30) : this.after(t, 25, 55),
          amount,
          amount <= 200e6 && rng.chance(0.2),
        );
        if (plant === 'reassignment-before-payout' && k === 0) {
          // The case changes hands a few days before its money goes out, to every creditor: one
          // change of officer is one finding however many payouts follow (RULES.md).
          officer = this.rng.pick(unit.enforcement.filter((o) => o !== officer));
          c.add('case.assigned', this.after(collectedAt, 1, 2), {
            officerId: officer.officerId,
            reason: 'reorganisation',
          });
          t = payOut(collectedAt, amount, 6, 8);
        } else {
          t = plant === 'payout-overdue' && k === 0 ? payOut(collectedAt, amount, 15, 25) : payOut(collectedAt, amount);
        }
      }
      feeAndClose(t, claim);
      return;
    }

    const assetId = `A-${caseId}-1`;
    const seizedAt = c.add('case.asset_seized', this.after(t, gapMin, gapMax), {
      assetId,
      assetKind: rng.pick(['land', 'house', 'vehicle', 'other'] as const),
    });
    const value = Math.round((claim * (0.8 + rng.next() * 1.2)) / 1e6) * 1e6;
    t = c.add('case.asset_valued', this.after(seizedAt, 5, 15), {
      assetId,
      value,
      appraiserId: rng.pick(this.province.appraisers),
    });
    let starting = plant === 'auction-below-valuation' ? Math.round((value * 0.6) / 1e6) * 1e6 : value;
    const fails = plant === 'excessive-price-reduction' ? 1 : ordinary && rng.chance(0.3) ? rng.int(1, 2) : 0;
    const auctionOrgId = rng.pick(this.province.auctionOrgs);
    for (let k = 0; k < fails; k += 1) {
      t = c.add('case.auction_held', this.after(t, 20, 40), {
        assetId,
        auctionOrgId,
        startingPrice: starting,
        outcome: 'failed',
        bidderCount: 0,
      });
      starting =
        plant === 'excessive-price-reduction'
          ? Math.round((starting * 0.8) / 1e6) * 1e6
          : Math.ceil((starting * (0.9 + rng.next() * 0.05)) / 1e6) * 1e6;
      t = c.add('case.price_reduced', this.after(t, 3, 10), { assetId, newStartingPrice: starting });
    }
    const salePrice =
      plant === 'auction-below-valuation' ? starting : Math.round((starting * (1 + rng.next() * 0.15)) / 1e6) * 1e6;
    const winnerId = plant === 'related-party' ? officer.relatedPartyIds[0]! : `P-${caseId}-W`;
    t = c.add('case.auction_held', this.after(t, 20, 40), {
      assetId,
      auctionOrgId,
      startingPrice: starting,
      outcome: 'sold',
      salePrice,
      bidderCount: plant === 'single-bidder-sale' ? 1 : rng.int(2, 6),
      winnerId,
    });
    const proceeds = Math.min(claim, salePrice);
    const collectedAt = collect(this.after(t, 1, 5), proceeds, false);
    t = payOut(collectedAt, proceeds);
    feeAndClose(t, proceeds);
  }

  private branchFor(plant: PlantRule | undefined, category: Category | undefined): Branch {
    if (category) return 'classify';
    switch (plant) {
      case 'late-decision':
      case 'payee-not-party':
      case 'over-disbursement':
      case 'closed-with-undisbursed-funds':
      case 'fee-waiver-without-grounds':
      case 'split-payouts':
      case 'cash-not-deposited':
        return 'voluntary';
      case 'payout-overdue':
        return this.rng.chance(0.5) ? 'voluntary' : 'classify';
      case 'related-party':
        return this.rng.chance(0.5) ? 'voluntary' : 'classify';
      case undefined:
      case 'late-complaint-resolution': {
        const r = this.rng.next();
        return r < 0.04 ? 'terminated' : r < 0.29 ? 'voluntary' : 'classify';
      }
      default:
        return 'classify';
    }
  }

  /** An ordinary complaint during the case, resolved within 5–25 days; it names the officer when that keeps them under two a year. */
  private sideComplaint(c: CaseScript, officer: Officer, from: number): void {
    const at = this.after(from, 2, 40);
    const complaintId = `KN-${c.caseId}`;
    const named = this.rng.chance(0.5) && this.mayName(officer, at);
    const kind = this.rng.chance(0.2) ? 'denunciation' : 'complaint';
    const topic = this.rng.pick(['delay', 'wrong_decision', 'asset_handling', 'other'] as const);
    this.sidestory(
      c,
      at,
      { complaintId, kind, topic, ...(named ? { againstOfficerId: officer.officerId } : {}) },
      this.after(at, 5, 25),
    );
  }

  private lateComplaint(c: CaseScript, from: number): void {
    const at = this.after(from, 2, 20);
    this.sidestory(c, at, { complaintId: `KN-${c.caseId}`, kind: 'complaint', topic: 'delay' }, this.after(at, 40, 55));
  }

  /** A complaint rides beside the case's own steps: its own script, same case id, ids `<case>-K1/K2`. */
  private sidestory(
    c: CaseScript,
    at: number,
    data: {
      complaintId: string;
      kind: 'complaint' | 'denunciation';
      topic: 'delay' | 'harassment' | 'bribery' | 'wrong_decision' | 'asset_handling' | 'other';
      againstOfficerId?: string;
    },
    resolvedAt: number,
  ): void {
    const k = new CaseScript(c.caseId, c.unitId, at, this.end, '', `${c.caseId}-K`);
    k.add('complaint.received', at, data);
    k.add('complaint.resolved', resolvedAt, {
      complaintId: data.complaintId,
      outcome: this.rng.pick(['upheld', 'partially_upheld', 'rejected', 'withdrawn'] as const),
    });
    this.scripts.push(k);
  }

  // ---- output -------------------------------------------------------------------------------

  private assemble(): Simulation {
    const events: AnyEvent[] = [];
    for (const s of this.scripts) for (const e of s.events) events.push(e);
    let ticks = 0;
    for (let day = this.startDay; startOfDay(day) <= this.end; day += 1) {
      ticks += 1;
      events.push({
        eventId: `tick-${isoFromDay(day)}`,
        type: 'clock.tick',
        schemaVersion: 1,
        occurredAt: toVnRfc3339(startOfDay(day)),
        data: {},
      });
    }
    const at = new Map<AnyEvent, number>();
    for (const e of events) at.set(e, Date.parse(e.occurredAt));
    events.sort((a, b) => at.get(a)! - at.get(b)!);
    const from = toVnRfc3339(startOfDay(this.startDay));
    const registry = registryEvents(
      this.province,
      this.extraOfficers,
      toVnRfc3339(startOfDay(this.startDay) - 24 * HOUR),
    );
    return {
      options: this.options,
      from,
      to: toVnRfc3339(this.end),
      registry,
      events,
      truth: [...this.truth].sort((a, b) => a.plant.localeCompare(b.plant) || a.ruleId.localeCompare(b.ruleId)),
      stats: {
        cases: this.lifecycles,
        plantedCases: Object.values(this.plants).reduce((s, n) => s + n, 0),
        plants: { ...this.plants },
        events: events.length - ticks,
        ticks,
        registry: registry.length,
      },
    };
  }
}

export function simulate(options: Partial<SimulationOptions> = {}): Simulation {
  return new ProvinceSimulator({ ...DEFAULT_OPTIONS, ...options }).run();
}
