import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { ISO_DATE, RFC3339_WITH_OFFSET } from './time';

/*
 * Input events of EVENTS.md v1. One schema per event type; the envelope is shared.
 * Unknown extra fields are allowed everywhere (the contract keeps and ignores them).
 */

const Id = Type.String({ minLength: 1 });
const Ids = Type.Array(Type.String({ minLength: 1 }));
/** Money in VND: a non-negative integer. */
const Vnd = Type.Integer({ minimum: 0 });
const AssetId = Id;

export const Envelope = {
  eventId: Type.String({ minLength: 1, maxLength: 128 }),
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
    judgmentRef: Type.String(),
    creditorIds: Ids,
    debtorIds: Ids,
    claimAmount: Vnd,
  }),
  'case.decision_issued': caseEvent('case.decision_issued', { decisionNo: Type.String() }),
  'case.assigned': caseEvent('case.assigned', { officerId: Id, reason: Type.Optional(Type.String()) }),
  'case.notified': caseEvent('case.notified', {}),
  'case.verified': caseEvent('case.verified', { result: Union('has_assets', 'partial', 'no_assets') }),
  'case.classified': caseEvent('case.classified', { category: Union('able', 'unable') }),
  'case.postponed': caseEvent('case.postponed', {
    reasonCode: PostponementReason,
    until: Type.Optional(Type.String({ pattern: ISO_DATE })),
  }),
  'case.suspended': caseEvent('case.suspended', { reasonCode: Type.String() }),
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
    bidderCount: Type.Integer({ minimum: 0 }),
    winnerId: Type.Optional(Id),
  }),
  'case.price_reduced': caseEvent('case.price_reduced', { assetId: AssetId, newStartingPrice: Vnd }),
  'case.terminated': caseEvent('case.terminated', { reasonCode: Type.String() }),
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
    unitId: Type.Optional(Type.String()),
    caseId: Type.Optional(Type.String()),
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
    payeeAccountHash: Type.Optional(Type.String()),
  }),
  'finance.fee_assessed': caseEvent('finance.fee_assessed', {
    amount: Vnd,
    waived: Type.Boolean(),
    waiverReasonCode: Type.Optional(Type.String()),
  }),
  'finance.remitted': caseEvent('finance.remitted', { amount: Vnd }),
  'finance.reversed': caseEvent('finance.reversed', { ref: Id, amount: Vnd, reason: Type.String() }),
  // ---- registry topic ------------------------------------------------------------------------
  'registry.unit': registryEvent('registry.unit', {
    unitId: Id,
    name: Type.String(),
    level: Union('province', 'district'),
    parentUnitId: Type.Optional(Id),
  }),
  'registry.officer': registryEvent('registry.officer', {
    officerId: Id,
    unitId: Id,
    name: Type.String(),
    role: Union('enforcement_officer', 'head', 'deputy_head', 'accountant', 'inspector', 'clerk'),
    relatedPartyIds: Ids,
    bankAccountHashes: Ids,
  }),
  'registry.party': registryEvent('registry.party', {
    partyId: Id,
    kind: Union('person', 'organization'),
    bankAccountHashes: Ids,
  }),
  'registry.auction_org': registryEvent('registry.auction_org', { auctionOrgId: Id, name: Type.String() }),
  'registry.appraiser': registryEvent('registry.appraiser', { appraiserId: Id, name: Type.String() }),
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
