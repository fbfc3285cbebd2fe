import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { INPUT_LIMITS, MAX_ID_CHARS, MAX_INPUT_TEXT_CHARS } from './limits';
import { ISO_DATE, RFC3339_WITH_OFFSET } from './time';

/*
 * Input events of EVENTS.md v1. One schema per event type; the envelope is shared.
 * Unknown extra fields are allowed everywhere (the contract keeps and ignores them).
 * Lengths are this system's limits (limits.ts), which EVENTS.md leaves open.
 */

const Id = Type.String({ minLength: 1, maxLength: MAX_ID_CHARS });
const Ids = Type.Array(Id, { maxItems: INPUT_LIMITS.arrayItems });
/** A code chosen by the producer (`reasonCode`), an optional key (`unitId` of a tick) or a hash: as long as an id, may be empty. */
const Code = Type.String({ maxLength: MAX_ID_CHARS });
/** Free text: references, names, reasons. */
const Text = Type.String({ maxLength: MAX_INPUT_TEXT_CHARS });
/** Money in VND: a non-negative integer, exact in a double (beyond 2^53 sums would silently round). */
const Vnd = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const AssetId = Id;

export const Envelope = {
  eventId: Id,
  schemaVersion: Type.Literal(1),
  occurredAt: Type.String({ pattern: RFC3339_WITH_OFFSET }),
  actorId: Type.Optional(Id),
};

function caseEvent<T extends string, D extends TProperties>(type: T, data: D) {
  return Type.Object({ ...Envelope, type: Type.Literal(type), unitId: Id, caseId: Id, data: Type.Object(data) });
}

/** A complaint may name no case (then it is keyed by the officer). */
function complaintEvent<T extends string, D extends TProperties>(type: T, data: D) {
  return Type.Object({
    ...Envelope,
    type: Type.Literal(type),
    unitId: Id,
    caseId: Type.Optional(Id),
    data: Type.Object(data),
  });
}

function registryEvent<T extends string, D extends TProperties>(type: T, data: D) {
  return Type.Object({ ...Envelope, type: Type.Literal(type), data: Type.Object(data) });
}

const Union = <T extends string[]>(...values: T) => Type.Union(values.map((v) => Type.Literal(v)));

export const PostponementReason = Union(
  'debtor_ill',
  'address_unknown',
  'creditor_request',
  'court_request',
  'force_majeure',
  'other',
);
export const ComplaintTopic = Union('delay', 'harassment', 'bribery', 'wrong_decision', 'asset_handling', 'other');

/** Every event type with its schema. Adding a type here makes the detector refuse to start until it has a handler. */
export const EventSchemas = {
  // ---- case topic ----------------------------------------------------------------------------
  'case.received': caseEvent('case.received', {
    mode: Union('on_request', 'ex_officio'),
    judgmentRef: Text,
    creditorIds: Ids,
    debtorIds: Ids,
    claimAmount: Vnd,
  }),
  'case.decision_issued': caseEvent('case.decision_issued', { decisionNo: Text }),
  'case.assigned': caseEvent('case.assigned', { officerId: Id, reason: Type.Optional(Text) }),
  'case.notified': caseEvent('case.notified', {}),
  'case.verified': caseEvent('case.verified', { result: Union('has_assets', 'partial', 'no_assets') }),
  'case.classified': caseEvent('case.classified', { category: Union('able', 'unable') }),
  'case.postponed': caseEvent('case.postponed', {
    reasonCode: PostponementReason,
    until: Type.Optional(Type.String({ pattern: ISO_DATE })),
  }),
  'case.suspended': caseEvent('case.suspended', { reasonCode: Code }),
  'case.resumed': caseEvent('case.resumed', {}),
  'case.asset_seized': caseEvent('case.asset_seized', {
    assetId: AssetId,
    assetKind: Union('land', 'house', 'vehicle', 'other'),
  }),
  'case.asset_valued': caseEvent('case.asset_valued', { assetId: AssetId, value: Vnd, appraiserId: Id }),
  'case.auction_held': caseEvent('case.auction_held', {
    assetId: AssetId,
    auctionOrgId: Id,
    startingPrice: Vnd,
    outcome: Union('sold', 'failed'),
    salePrice: Type.Optional(Vnd),
    bidderCount: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    winnerId: Type.Optional(Id),
  }),
  'case.price_reduced': caseEvent('case.price_reduced', { assetId: AssetId, newStartingPrice: Vnd }),
  'case.terminated': caseEvent('case.terminated', { reasonCode: Code }),
  'case.closed': caseEvent('case.closed', { result: Union('fully_executed', 'partially_executed', 'returned') }),
  'complaint.received': complaintEvent('complaint.received', {
    complaintId: Id,
    kind: Union('complaint', 'denunciation'),
    againstOfficerId: Type.Optional(Id),
    topic: ComplaintTopic,
  }),
  'complaint.resolved': complaintEvent('complaint.resolved', {
    complaintId: Id,
    outcome: Union('upheld', 'partially_upheld', 'rejected', 'withdrawn'),
  }),
  'clock.tick': Type.Object({
    ...Envelope,
    type: Type.Literal('clock.tick'),
    unitId: Type.Optional(Code),
    caseId: Type.Optional(Code),
    data: Type.Object({}),
  }),
  // ---- finance topic -------------------------------------------------------------------------
  'finance.collected': caseEvent('finance.collected', {
    receiptNo: Id,
    amount: Vnd,
    method: Union('cash', 'transfer'),
    payerId: Id,
  }),
  'finance.deposited': caseEvent('finance.deposited', { amount: Vnd, receiptNos: Ids }),
  'finance.disbursed': caseEvent('finance.disbursed', {
    voucherNo: Id,
    amount: Vnd,
    payeeId: Id,
    payeeAccountHash: Type.Optional(Code),
  }),
  'finance.fee_assessed': caseEvent('finance.fee_assessed', {
    amount: Vnd,
    waived: Type.Boolean(),
    waiverReasonCode: Type.Optional(Code),
  }),
  'finance.remitted': caseEvent('finance.remitted', { amount: Vnd }),
  'finance.reversed': caseEvent('finance.reversed', { ref: Id, amount: Vnd, reason: Text }),
  // ---- registry topic ------------------------------------------------------------------------
  'registry.unit': registryEvent('registry.unit', {
    unitId: Id,
    name: Text,
    level: Union('province', 'district'),
    parentUnitId: Type.Optional(Id),
  }),
  'registry.officer': registryEvent('registry.officer', {
    officerId: Id,
    unitId: Id,
    name: Text,
    role: Union('enforcement_officer', 'head', 'deputy_head', 'accountant', 'inspector', 'clerk'),
    relatedPartyIds: Ids,
    bankAccountHashes: Ids,
  }),
  'registry.party': registryEvent('registry.party', {
    partyId: Id,
    kind: Union('person', 'organization'),
    bankAccountHashes: Ids,
  }),
  'registry.auction_org': registryEvent('registry.auction_org', { auctionOrgId: Id, name: Text }),
  'registry.appraiser': registryEvent('registry.appraiser', { appraiserId: Id, name: Text }),
} satisfies Record<string, TObject>;

export type EventType = keyof typeof EventSchemas;
export type EventOf<T extends EventType> = Static<(typeof EventSchemas)[T]>;
export type AnyEvent = { [T in EventType]: EventOf<T> }[EventType];

export const CASE_TOPIC_TYPES = [
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
  'complaint.received',
  'complaint.resolved',
  'clock.tick',
] as const satisfies readonly EventType[];

export const FINANCE_TOPIC_TYPES = [
  'finance.collected',
  'finance.deposited',
  'finance.disbursed',
  'finance.fee_assessed',
  'finance.remitted',
  'finance.reversed',
  'clock.tick',
] as const satisfies readonly EventType[];

export const REGISTRY_TOPIC_TYPES = [
  'registry.unit',
  'registry.officer',
  'registry.party',
  'registry.auction_org',
  'registry.appraiser',
] as const satisfies readonly EventType[];

export type CaseTopicEvent = EventOf<(typeof CASE_TOPIC_TYPES)[number]>;
export type FinanceTopicEvent = EventOf<(typeof FINANCE_TOPIC_TYPES)[number]>;
export type RegistryEvent = EventOf<(typeof REGISTRY_TOPIC_TYPES)[number]>;
/** An event that belongs to a case's stream (either topic), clock ticks excluded. */
export type CaseStreamEvent = Exclude<CaseTopicEvent | FinanceTopicEvent, EventOf<'clock.tick'>>;
