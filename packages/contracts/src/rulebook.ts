import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Severity } from './findings';
import { MAX_ID_CHARS, OWN_TOPIC_LIMITS, schemaErrorReason } from './limits';
import { rawParser, type Parsed } from './typed-events';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Text = Type.String({ maxLength: OWN_TOPIC_LIMITS.stringChars });

/**
 * A rule version an administrator added, on `integrity.rulebook.v1` (compacted; key: `versionId`,
 * `<ruleId>@<version>[@<unitId>]`). Versions are never changed once added, so compaction keeps
 * every one. Every detector instance reads the topic and rebuilds its rule book from the store,
 * which holds the version before it is published; a detector re-publishes the added versions it
 * finds in the store when it starts, so one stored by an instance that stopped before publishing
 * reaches the others. Other systems may read it as the history of the rule book.
 */
export const RuleBookVersionMessage = Type.Object({
  versionId: Type.String({ minLength: 1, maxLength: 2 * MAX_ID_CHARS + 16 }),
  ruleId: Type.String({ minLength: 1, maxLength: MAX_ID_CHARS }),
  version: Type.Integer({ minimum: 1 }),
  /** First day (Vietnam time) the version applies to: always after the day it was added. */
  effectiveFrom: Day,
  /** The unit whose own thresholds these are; absent: every unit without its own. */
  unitId: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_ID_CHARS })),
  severity: Severity,
  legalBasis: Type.Object({ vi: Text, en: Text }),
  params: Type.Record(Type.String({ maxLength: MAX_ID_CHARS }), Type.Number()),
  /** Who added it (user id), when (RFC 3339) and why. */
  addedBy: Type.String({ maxLength: MAX_ID_CHARS }),
  addedAt: Type.String({ maxLength: 64 }),
  reason: Text,
});
export type RuleBookVersionMessage = Static<typeof RuleBookVersionMessage>;

const checker = TypeCompiler.Compile(RuleBookVersionMessage);

/** A raw `integrity.rulebook.v1` value, read within the limits of our own topics and checked. */
export const readRuleBookVersionMessage = rawParser((value): Parsed<RuleBookVersionMessage> => {
  if (checker.Check(value)) return { ok: true, event: value };
  const first = checker.Errors(value).First();
  return { ok: false, reason: first ? schemaErrorReason(first) : 'not a valid rule version' };
});
