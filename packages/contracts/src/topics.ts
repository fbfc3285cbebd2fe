/**
 * Kafka topic names of the public contract (EVENTS.md v1).
 *
 * !!! Renaming a topic is a breaking change: producers outside this repository publish to these
 * !!! names, and messages already in flight stay on the old one. Add a `.v2` topic instead.
 */
export const Topics = {
  CaseEvents: 'thads.case-events.v1',
  FinanceEvents: 'thads.finance-events.v1',
  RegistryEvents: 'thads.registry-events.v1',
  Findings: 'integrity.findings.v1',
  DeadLetter: 'thads.events.dlq.v1',
  /** Internal (not part of the public contract): the detector's facts re-keyed by officer, unit or payee. */
  DetectorFacts: 'integrity.detector-facts.v1',
  /** The official days off per year (key: the year), published by the detector for every service. */
  Calendar: 'integrity.calendar.v1',
  /** What the inspection workflow decided (docs/events-integrity.md); key: the officer, else the unit. */
  Inspections: 'integrity.inspections.v1',
  /** Every step of a disciplinary proceeding (docs/events-integrity.md); key: the officer. */
  Discipline: 'integrity.discipline.v1',
  /**
   * Messages a consumer of this system gave up on (docs/events-integrity.md, Dead letters): our
   * own topics' messages their contract refuses, and any message a handler failed on twice the
   * same way; key: the original. Input the contract refuses stays on `DeadLetter` (EVENTS.md).
   */
  ConsumerDeadLetter: 'integrity.dlq.v1',
  /**
   * The rule versions administrators add (docs/events-integrity.md); compacted, key: the version
   * id. Every detector instance reads it to apply a new version without a restart.
   */
  RuleBook: 'integrity.rulebook.v1',
  /**
   * Each user's session epoch (docs/events-integrity.md); compacted, key: the user. The token
   * issuer raises it to end every session of the user; every service that verifies tokens
   * refuses a token issued below it.
   */
  Sessions: 'integrity.sessions.v1',
  /**
   * The head of each audit chain (docs/events-integrity.md); compacted, key: the chain. Out of
   * the store writer's reach, it shows a chain cut at its end.
   */
  AuditHeads: 'integrity.audit-heads.v1',
} as const;

export type TopicKey = keyof typeof Topics;
export type Topic = (typeof Topics)[TopicKey];
export type InputTopic = typeof Topics.CaseEvents | typeof Topics.FinanceEvents | typeof Topics.RegistryEvents;

/** Topics created compacted (`cleanup.policy=compact`): only the latest message per key is kept for good. */
export const COMPACTED_TOPICS: readonly TopicKey[] = ['RuleBook', 'Sessions', 'AuditHeads'];

/** Input topics are created with this many partitions when missing (EVENTS.md, Topics). */
export const DEFAULT_INPUT_PARTITIONS = 6;

/**
 * Where every topic lives for one deployment. Tests and replays run in their own namespace by
 * giving a prefix; production uses the contract's names as they are (empty prefix).
 */
export function topicNames(prefix = ''): { [K in TopicKey]: string } {
  return {
    CaseEvents: prefix + Topics.CaseEvents,
    FinanceEvents: prefix + Topics.FinanceEvents,
    RegistryEvents: prefix + Topics.RegistryEvents,
    Findings: prefix + Topics.Findings,
    DeadLetter: prefix + Topics.DeadLetter,
    DetectorFacts: prefix + Topics.DetectorFacts,
    Calendar: prefix + Topics.Calendar,
    Inspections: prefix + Topics.Inspections,
    Discipline: prefix + Topics.Discipline,
    ConsumerDeadLetter: prefix + Topics.ConsumerDeadLetter,
    RuleBook: prefix + Topics.RuleBook,
    Sessions: prefix + Topics.Sessions,
    AuditHeads: prefix + Topics.AuditHeads,
  };
}
