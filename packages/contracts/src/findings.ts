import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Type, type Static } from '@sinclair/typebox';
import { MAX_ID_CHARS, OWN_TOPIC_LIMITS, schemaErrorReason } from './limits';
import { RFC3339_WITH_OFFSET } from './time';
import { rawParser, type Parsed } from './typed-events';

export const Severity = Type.Union([
  Type.Literal('low'),
  Type.Literal('medium'),
  Type.Literal('high'),
  Type.Literal('critical'),
]);
export type Severity = Static<typeof Severity>;
/** The severities, lowest first, read off the schema so the two cannot drift apart. */
export const SEVERITIES: readonly Severity[] = Object.freeze(Severity.anyOf.map((s) => s.const));

/** Lower runs first: BullMQ priorities count up from 1 (highest). */
export const SEVERITY_PRIORITY: Record<Severity, number> = { critical: 1, high: 2, medium: 3, low: 4 };

/** Free text of our own topics: an inspector's reasoning goes to 20,000 characters (limits.ts). */
const Text = Type.String({ maxLength: OWN_TOPIC_LIMITS.stringChars });
const Bilingual = Type.Object({ vi: Text, en: Text });
export type Bilingual = Static<typeof Bilingual>;

/**
 * Finding statuses. `open` is set by the detector; the others by the inspection workflow.
 */
export const FindingStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('triaged'),
  Type.Literal('dismissed'),
  Type.Literal('under_inspection'),
  Type.Literal('concluded'),
  Type.Literal('referred'),
  Type.Literal('closed'),
]);
export type FindingStatus = Static<typeof FindingStatus>;
/** The statuses in workflow order, read off the schema so the two cannot drift apart. */
export const FINDING_STATUSES: readonly FindingStatus[] = Object.freeze(FindingStatus.anyOf.map((s) => s.const));

const Id = Type.String({ minLength: 1, maxLength: MAX_ID_CHARS });
const OptionalId = Type.String({ maxLength: MAX_ID_CHARS });

/** One message on `integrity.findings.v1` (EVENTS.md, Findings), with this system's limits (limits.ts). */
export const FindingMessage = Type.Object({
  findingId: Id,
  ruleId: Id,
  ruleVersion: Type.Integer({ minimum: 1 }),
  severity: Severity,
  status: Id,
  /**
   * 0 when raised; each status change publishes the next revision (EVENTS.md v1.1). Delivery is
   * at least once and a raised finding may be re-published after the workflow moved it on:
   * consumers keep, per finding, the message with the highest revision (absent counts as 0).
   */
  revision: Type.Optional(Type.Integer({ minimum: 0 })),
  /**
   * When the status this message carries was set, by the inspection service's clock (added in
   * v1.2, optional; docs/events-integrity.md). The inspection service sets it on every status
   * change it publishes; the detector's messages (revision 0, `open`) leave it out: the finding
   * was raised at `detectedAt`.
   */
  statusChangedAt: Type.Optional(Type.String({ pattern: RFC3339_WITH_OFFSET })),
  /**
   * True while a suppression holds the finding (added in v1.3, optional; docs/events-integrity.md):
   * the inspection service publishes the next revision with it when intake holds a finding, and
   * the next one without it when the suppression ends. Absent or false: not held.
   */
  suppressed: Type.Optional(Type.Boolean()),
  unitId: OptionalId,
  caseId: Type.Optional(OptionalId),
  officerId: Type.Optional(OptionalId),
  detectedAt: Type.String({ pattern: RFC3339_WITH_OFFSET }),
  title: Bilingual,
  explanation: Bilingual,
  legalBasis: Text,
  evidence: Type.Object({
    eventIds: Type.Array(OptionalId, { maxItems: OWN_TOPIC_LIMITS.arrayItems }),
    figures: Type.Record(Type.String(), Type.Unknown()),
  }),
});
export type FindingMessage = Static<typeof FindingMessage>;

/** One message on `thads.events.dlq.v1`: an input that could not be accepted, and why. */
export const DeadLetterMessage = Type.Object({
  reason: Type.String(),
  topic: Type.String(),
  partition: Type.Integer(),
  offset: Type.String(),
  raw: Type.String(),
});
export type DeadLetterMessage = Static<typeof DeadLetterMessage>;

/**
 * One message on `integrity.dlq.v1` (docs/events-integrity.md, Dead letters), keyed as the
 * original: a message a consumer of this system gave up on — a message of our own topics that
 * its contract refuses, or any message the consumer's handler failed on twice the same way. The
 * fields of `thads.events.dlq.v1`, plus who gave up and the rest of the original record.
 */
export const ConsumerDeadLetterMessage = Type.Object({
  reason: Type.String(),
  /** The consumer group that gave up on the message. */
  group: Type.String(),
  topic: Type.String(),
  partition: Type.Integer(),
  offset: Type.String(),
  /** The original key, `null` when it had none. */
  key: Type.Union([Type.String(), Type.Null()]),
  /** The original value as UTF-8 text (cut only where the dead letter would not fit a Kafka message; `reason` then says so). */
  raw: Type.String(),
  /** The original headers, as UTF-8 text. */
  headers: Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())])),
});
export type ConsumerDeadLetterMessage = Static<typeof ConsumerDeadLetterMessage>;

/** Compiled check of a findings-topic message, for consumers of `integrity.findings.v1`. */
export const isFindingMessage = (value: unknown): value is FindingMessage => findingChecker.Check(value);
const findingChecker = TypeCompiler.Compile(FindingMessage);

/**
 * A raw `integrity.findings.v1` value read within the limits of our own topics, or the reason it
 * goes to the dead-letter topic instead (docs/events-integrity.md, Dead letters).
 */
export const readFindingMessage = rawParser((value): Parsed<FindingMessage> => {
  if (findingChecker.Check(value)) return { ok: true, event: value };
  const first = findingChecker.Errors(value).First();
  return { ok: false, reason: first ? schemaErrorReason(first) : 'not a valid finding' };
});
