import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Severity } from './findings';
import { RFC3339_WITH_OFFSET } from './time';
import { rawParser, typedEventParser } from './typed-events';

/**
 * `integrity.inspections.v1` (out, published by the inspection service; docs/events-integrity.md):
 * what the inspection workflow decided about findings, for the services that act on it — the
 * discipline service opens proceedings from referrals, the insight service counts conclusions,
 * true positives and SLA breaches. Key: the officer concerned, or the unit when none is known,
 * so one officer's messages stay in order.
 *
 * Versioning as EVENTS.md: new optional fields and new types are compatible; anything else is a
 * `.v2` topic. Delivery is at least once: consumers drop a repeated `eventId`.
 */

const Id = Type.String({ minLength: 1, maxLength: 128 });
const Text = (maxLength: number) => Type.String({ maxLength });
const Instant = Type.String({ pattern: RFC3339_WITH_OFFSET });

/** The finding an inspection event is about, as the discipline and insight services need it. */
export const InspectedFinding = Type.Object({
  findingId: Id,
  ruleId: Id,
  ruleVersion: Type.Integer({ minimum: 1 }),
  severity: Severity,
  caseId: Type.Optional(Id),
  /** Event time at which the rule fired: the date of the facts for the discipline regime. */
  detectedAt: Instant,
  title: Type.Object({ vi: Text(500), en: Text(500) }),
});
export type InspectedFinding = Static<typeof InspectedFinding>;

export const InspectionConclusion = Type.Object({
  result: Type.Union([Type.Literal('substantiated'), Type.Literal('unsubstantiated'), Type.Literal('inconclusive')]),
  reasoning: Text(20_000),
  /** Was the finding a real irregularity? Feeds rule precision. */
  truePositive: Type.Boolean(),
  by: Id,
  at: Instant,
});
export type InspectionConclusion = Static<typeof InspectionConclusion>;

const envelope = <T extends string, D extends TSchema>(type: T, data: D) =>
  Type.Object({
    /** Unique per event; a repeated delivery carries the same id. */
    eventId: Id,
    type: Type.Literal(type),
    schemaVersion: Type.Literal(1),
    /** When the workflow step happened (the inspection service's clock). */
    occurredAt: Instant,
    /** The inspection the finding belongs to (its lead finding's id), when it has one. */
    inspectionId: Type.Optional(Id),
    unitId: Id,
    officerId: Type.Optional(Id),
    finding: InspectedFinding,
    data: data,
  });

export const InspectionEventSchemas = {
  'inspection.concluded': envelope('inspection.concluded', Type.Object({ conclusion: InspectionConclusion })),
  'inspection.referred': envelope(
    'inspection.referred',
    Type.Object({
      target: Type.Union([Type.Literal('discipline_committee'), Type.Literal('investigators')]),
      note: Text(20_000),
      conclusion: InspectionConclusion,
      by: Id,
      /**
       * The finding's evidence, explanation and legal basis, for the subject's right to see what
       * they answer (added in v1, optional). The evidence never holds a denouncer field
       * (`withoutDenouncerFields`): the publisher strips them.
       */
      evidence: Type.Optional(
        Type.Object({ eventIds: Type.Array(Id), figures: Type.Record(Type.String(), Type.Unknown()) }),
      ),
      explanation: Type.Optional(Type.Object({ vi: Text(20_000), en: Text(20_000) })),
      legalBasis: Type.Optional(Text(20_000)),
      /**
       * The registry officer ids of the inspectors and supervisors who worked the finding or its
       * inspection (assigned, concluded, referred), for the users linked to an officer (added in
       * v1, optional): the discipline service recuses them from the council.
       */
      workedBy: Type.Optional(Type.Array(Id, { maxItems: 100 })),
    }),
  ),
  'inspection.closed': envelope(
    'inspection.closed',
    Type.Object({ conclusion: Type.Optional(InspectionConclusion), note: Type.Optional(Text(20_000)), by: Id }),
  ),
  'inspection.dismissed': envelope(
    'inspection.dismissed',
    Type.Object({
      reason: Type.Union([
        Type.Literal('known_exception'),
        Type.Literal('data_error'),
        Type.Literal('duplicate'),
        Type.Literal('other'),
      ]),
      note: Text(20_000),
      by: Id,
    }),
  ),
  'inspection.sla_breached': envelope(
    'inspection.sla_breached',
    Type.Object({ dueAt: Instant, assignee: Type.Optional(Id) }),
  ),
} as const;

export type InspectionEventType = keyof typeof InspectionEventSchemas;
export const INSPECTION_EVENT_TYPES = Object.keys(InspectionEventSchemas) as InspectionEventType[];
export type InspectionEventOf<T extends InspectionEventType> = Static<(typeof InspectionEventSchemas)[T]>;
export type InspectionEvent = { [T in InspectionEventType]: InspectionEventOf<T> }[InspectionEventType];

/** The message if it is a valid `integrity.inspections.v1` event, else the first reason it is not. */
export const parseInspectionEvent = typedEventParser<InspectionEvent>(InspectionEventSchemas);

/** A raw `integrity.inspections.v1` value, read within the limits of our own topics and checked. */
export const readInspectionEvent = rawParser(parseInspectionEvent);
