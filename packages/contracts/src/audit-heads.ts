import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { MAX_ID_CHARS, schemaErrorReason } from './limits';
import { rawParser, type Parsed } from './typed-events';

/**
 * The head of a service's audit chain on `integrity.audit-heads.v1` (v1; compacted; key:
 * `chain`), published by the service that writes the chain shortly after it appends. The chain
 * in the store proves that nothing inside it was altered (each link an HMAC under a key kept out
 * of the store); what no link can show is its last entries removed. A head published here, out
 * of the store writer's reach, does: a chain that ends before a published head, or holds another
 * entry at its number, was cut or rewritten after that head was published. Heads only move
 * forward, so a reader keeps the one with the highest `seq` per chain.
 */
export const AuditHeadMessage = Type.Object({
  /** Which chain: the writing service and its collection (`inspection/audit_trail`). */
  chain: Type.String({ minLength: 1, maxLength: MAX_ID_CHARS }),
  /** The sequence number of the last entry when published. */
  seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  /** That entry's hash (hex SHA-256 or HMAC-SHA-256). */
  hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  /** That entry's time (`at`, RFC 3339). */
  at: Type.String({ minLength: 1, maxLength: 64 }),
});
export type AuditHeadMessage = Static<typeof AuditHeadMessage>;

const checker = TypeCompiler.Compile(AuditHeadMessage);

/** A raw `integrity.audit-heads.v1` value, read within the limits of our own topics and checked. */
export const readAuditHeadMessage = rawParser((value): Parsed<AuditHeadMessage> => {
  if (checker.Check(value)) return { ok: true, event: value };
  const first = checker.Errors(value).First();
  return { ok: false, reason: first ? schemaErrorReason(first) : 'not a valid audit head' };
});
