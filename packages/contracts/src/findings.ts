import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Type, type Static } from '@sinclair/typebox';
import { RFC3339_WITH_OFFSET } from './time';

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

const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() });
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

/** One message on `integrity.findings.v1` (EVENTS.md, Findings). */
export const FindingMessage = Type.Object({
  findingId: Type.String({ minLength: 1 }),
  ruleId: Type.String({ minLength: 1 }),
  ruleVersion: Type.Integer({ minimum: 1 }),
  severity: Severity,
  status: Type.String({ minLength: 1 }),
  /**
   * 0 when raised; each status change publishes the next revision (EVENTS.md v1.1). Delivery is
   * at least once and a raised finding may be re-published after the workflow moved it on:
   * consumers keep, per finding, the message with the highest revision (absent counts as 0).
   */
  revision: Type.Optional(Type.Integer({ minimum: 0 })),
  unitId: Type.String(),
  caseId: Type.Optional(Type.String()),
  officerId: Type.Optional(Type.String()),
  detectedAt: Type.String({ pattern: RFC3339_WITH_OFFSET }),
  title: Bilingual,
  explanation: Bilingual,
  legalBasis: Type.String(),
  evidence: Type.Object({
    eventIds: Type.Array(Type.String()),
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

/** Compiled check of a findings-topic message, for consumers of `integrity.findings.v1`. */
export const isFindingMessage = (value: unknown): value is FindingMessage => findingChecker.Check(value);
const findingChecker = TypeCompiler.Compile(FindingMessage);
