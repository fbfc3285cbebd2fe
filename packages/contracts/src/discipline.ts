import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ISO_DATE, RFC3339_WITH_OFFSET } from './time';
import { rawParser, typedEventParser } from './typed-events';

/**
 * `integrity.discipline.v1` (out, published by the discipline service; docs/events-integrity.md):
 * every step of a disciplinary proceeding, from the referral that opens it to the appeal's
 * result. Key: the officer (the subject), so one officer's proceedings stay in order. The insight
 * service counts outcomes by form and treats a finding that ended in discipline as confirmed.
 *
 * Versioning as EVENTS.md: new optional fields and new types are compatible (consumers ignore a
 * type they do not know); anything else is a `.v2` topic. Delivery is at least once: consumers
 * drop a repeated `eventId`. Nothing on this topic names a denouncer or says how a council member
 * voted.
 */

const Id = Type.String({ minLength: 1, maxLength: 128 });
const Day = Type.String({ pattern: ISO_DATE });
const Text = Type.String({ maxLength: 20_000 });

/** Forms of discipline across the regimes (DOMAIN.md, Discipline). */
export const DisciplineForm = Type.Union([
  Type.Literal('reprimand'),
  Type.Literal('warning'),
  Type.Literal('salary_step_reduction'),
  Type.Literal('demotion'),
  Type.Literal('removal_from_post'),
  Type.Literal('dismissal'),
]);
export type DisciplineForm = Static<typeof DisciplineForm>;
export const DISCIPLINE_FORMS: readonly DisciplineForm[] = Object.freeze(DisciplineForm.anyOf.map((f) => f.const));

export const DisciplineOutcome = Type.Union([
  Type.Literal('disciplined'),
  Type.Literal('not_disciplined'),
  Type.Literal('referred_to_investigators'),
]);
export type DisciplineOutcome = Static<typeof DisciplineOutcome>;

const envelope = <T extends string, D extends TSchema>(type: T, data: D) =>
  Type.Object({
    eventId: Id,
    type: Type.Literal(type),
    schemaVersion: Type.Literal(1),
    occurredAt: Type.String({ pattern: RFC3339_WITH_OFFSET }),
    proceedingId: Id,
    /** The subject of the proceeding. */
    officerId: Id,
    /** The subject's unit. */
    unitId: Id,
    data: data,
  });

export const DisciplineEventSchemas = {
  /** A referral opened a proceeding. */
  'proceeding.opened': envelope(
    'proceeding.opened',
    Type.Object({
      findingIds: Type.Array(Id, { minItems: 1 }),
      regime: Id,
      factsOn: Day,
      discoveredOn: Day,
      decisionDueOn: Day,
      limitationEndsOn: Type.Optional(Day),
    }),
  ),
  /** A later referral about the same officer joined the open proceeding. */
  'proceeding.joined': envelope('proceeding.joined', Type.Object({ findingIds: Type.Array(Id, { minItems: 1 }) })),
  /** A referral that cannot open a proceeding: the limitation period has run out. */
  'proceeding.time_barred': envelope(
    'proceeding.time_barred',
    Type.Object({ findingIds: Type.Array(Id), factsOn: Day, expiredOn: Day, reason: Text }),
  ),
  'proceeding.deadline_extended': envelope(
    'proceeding.deadline_extended',
    Type.Object({ decisionDueOn: Day, reason: Text }),
  ),
  'proceeding.period_excluded': envelope(
    'proceeding.period_excluded',
    Type.Object({ kind: Id, from: Day, to: Day, decisionDueOn: Day }),
  ),
  'council.formed': envelope(
    'council.formed',
    Type.Object({
      members: Type.Array(
        Type.Object({ officerId: Id, seat: Type.Union([Type.Literal('chair'), Type.Literal('member')]) }),
      ),
    }),
  ),
  'council.member_recused': envelope(
    'council.member_recused',
    Type.Object({ memberId: Id, reason: Id, replacedBy: Type.Optional(Id) }),
  ),
  'subject.summoned': envelope('subject.summoned', Type.Object({ meetingOn: Day, summonedOn: Day })),
  'subject.responded': envelope('subject.responded', Type.Object({ documents: Type.Integer({ minimum: 0 }) })),
  'meeting.held': envelope(
    'meeting.held',
    Type.Object({ heldOn: Day, subjectPresent: Type.Boolean(), proceededInAbsence: Type.Boolean() }),
  ),
  /** A ballot round closed: the tally and its commitment, never who voted what. */
  'ballot.closed': envelope(
    'ballot.closed',
    Type.Object({
      round: Type.Union([Type.Literal(1), Type.Literal(2)]),
      tally: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
      commitment: Type.String({ pattern: '^[0-9a-f]{64}$' }),
      result: Id,
    }),
  ),
  'proceeding.recommended': envelope(
    'proceeding.recommended',
    Type.Object({ outcome: DisciplineOutcome, form: Type.Optional(DisciplineForm) }),
  ),
  /**
   * The competent authority's decision; `findingIds` are the findings it rests on. `appealBy` is
   * provisional for a decision that disciplines: the last day to appeal if it is served the day it
   * is taken, superseded by `proceeding.decision_served`.
   */
  'proceeding.decided': envelope(
    'proceeding.decided',
    Type.Object({
      outcome: DisciplineOutcome,
      form: Type.Optional(DisciplineForm),
      findingIds: Type.Array(Id),
      decidedOn: Day,
      appealBy: Day,
    }),
  ),
  /**
   * The day the subject received a decision that disciplines, and the last day to appeal counted
   * from it (15 days, moved off a day off), which replaces `proceeding.decided`'s (added in v1.1).
   */
  'proceeding.decision_served': envelope('proceeding.decision_served', Type.Object({ servedOn: Day, appealBy: Day })),
  'appeal.lodged': envelope('appeal.lodged', Type.Object({ lodgedOn: Day, reviewerId: Id, dueOn: Day })),
  'appeal.resolved': envelope(
    'appeal.resolved',
    Type.Object({
      result: Type.Union([Type.Literal('upheld'), Type.Literal('changed'), Type.Literal('annulled')]),
      form: Type.Optional(DisciplineForm),
      resolvedOn: Day,
    }),
  ),
  /**
   * The time to decide ran out before a decision: the proceeding ends without one (added in v1;
   * `reason` is `time_to_decide_passed`).
   */
  'proceeding.closed': envelope('proceeding.closed', Type.Object({ closedOn: Day, reason: Id })),
  /** A step's time limit passed without the step (reminders go to people, not on the topic). */
  'proceeding.overdue': envelope('proceeding.overdue', Type.Object({ step: Id, dueOn: Day })),
} as const;

export type DisciplineEventType = keyof typeof DisciplineEventSchemas;
export const DISCIPLINE_EVENT_TYPES = Object.keys(DisciplineEventSchemas) as DisciplineEventType[];
export type DisciplineEventOf<T extends DisciplineEventType> = Static<(typeof DisciplineEventSchemas)[T]>;
export type DisciplineEvent = { [T in DisciplineEventType]: DisciplineEventOf<T> }[DisciplineEventType];

/** The message if it is a valid `integrity.discipline.v1` event, else the first reason it is not. */
export const parseDisciplineEvent = typedEventParser<DisciplineEvent>(DisciplineEventSchemas);

/** A raw `integrity.discipline.v1` value, read within the limits of our own topics and checked. */
export const readDisciplineEvent = rawParser(parseDisciplineEvent);
