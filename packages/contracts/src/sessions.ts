import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { MAX_ID_CHARS, schemaErrorReason } from './limits';
import { rawParser, type Parsed } from './typed-events';

/**
 * A user's session epoch on `integrity.sessions.v1` (v1; compacted; key: `userId`), published by
 * the token issuer (the inspection service) each time it raises the epoch to end every session
 * of the user at once: a password reset or change, a deactivation, new roles, unit or registry
 * link, an approved role grant, a refresh token used twice. Access tokens carry the epoch they
 * were issued in (`epoch` claim, 0 when absent); every service that verifies tokens keeps the
 * highest epoch it has read per user and refuses a token below it. A user whose epoch was never
 * raised has no message: epoch 0, every token of theirs stands. Epochs only rise, so a reader
 * keeps the highest it has seen (a late or repeated message never lowers it). The issuer also
 * publishes every raised epoch again when it starts, so one raised just before a crash reaches
 * the readers too.
 */
export const SessionEpochMessage = Type.Object({
  /** The user (the `sub` of their access tokens). */
  userId: Type.String({ minLength: 1, maxLength: MAX_ID_CHARS }),
  /** Tokens issued with a lower `epoch` claim are refused. */
  epoch: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  /** When the issuer raised it (RFC 3339; for a re-publication at start, when it published). */
  raisedAt: Type.String({ minLength: 1, maxLength: 64 }),
});
export type SessionEpochMessage = Static<typeof SessionEpochMessage>;

const checker = TypeCompiler.Compile(SessionEpochMessage);

/** A raw `integrity.sessions.v1` value, read within the limits of our own topics and checked. */
export const readSessionEpochMessage = rawParser((value): Parsed<SessionEpochMessage> => {
  if (checker.Check(value)) return { ok: true, event: value };
  const first = checker.Errors(value).First();
  return { ok: false, reason: first ? schemaErrorReason(first) : 'not a valid session epoch' };
});
