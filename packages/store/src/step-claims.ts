import type { Collection } from 'mongodb';
import { insertOnce } from './duplicates';

/**
 * A claim on one step of a document (`<id>@<version it moves to>`): inserted before the write, so
 * that of several writers racing for the step exactly one goes on. It holds the write itself
 * (`payload`), so that a writer that stopped between its claim and its write can be finished by
 * the next one.
 */
export interface StepClaim<P> {
  _id: string;
  at: Date;
  payload: P;
}

export interface ClaimedStep<P> {
  /** Where the claims of this kind of document are kept (one collection per kind). */
  claims: Collection<StepClaim<P>>;
  /** The step: the document and the version it moves to (`F-12@3`). One writer per key, ever. */
  key: string;
  /** What the write does: enough to do it again. */
  payload: P;
  /** The write, conditional on the step before; true when it changed the document. */
  apply(payload: P): Promise<boolean>;
  /**
   * Whether the document has taken this step (asked when `apply` changed nothing): only the
   * claim's payload can have taken it, ours, written by another writer that found us stopped.
   */
  taken(payload: P): Promise<boolean>;
  now?: Date;
  /** A claim this old whose step is not taken was left by a writer that stopped: the next writer finishes it. */
  staleMs?: number;
}

/** Long enough for any live writer between its claim and its write, a paused process included. */
export const STALE_CLAIM_MS = 60_000;

/**
 * Takes one step of a document (a status change, a new version, a decision) for exactly one of
 * the writers racing for it; true for that one.
 *
 * Why not a conditional update alone (`updateOne({ _id, version: n }, …)`): FerretDB v1 runs one
 * as a read then a write, outside any transaction (its `msg_update.go` queries, then writes the
 * matched documents back by `_id`; FerretDB issue #3040), so several writers that read version
 * `n` at once all succeed, and the last one's write wins. Measured on the local store: of 40
 * rounds of four parallel conditional updates, 26 had more than one winner; with an insert of
 * the step's key first, none (ADR 0012). An insert of a duplicate `_id` is refused atomically by
 * both engines. On MongoDB the conditional write alone would do; the claim costs one insert.
 *
 * A writer that stops between its claim and its write (a crash) leaves the step claimed and not
 * taken; the first writer that meets that claim after `staleMs` does the claimed write (it is
 * conditional on the step before, so it changes nothing once the step is taken), and is itself
 * refused: it read a version that is no longer the latest.
 */
export async function takeStep<P>(step: ClaimedStep<P>): Promise<boolean> {
  const now = step.now ?? new Date();
  if (await insertOnce(step.claims, { _id: step.key, at: now, payload: step.payload })) {
    // Nothing changed: the step may have been finished for us by another writer (we were paused
    // past `staleMs`), with our payload.
    return (await step.apply(step.payload)) || (await step.taken(step.payload));
  }
  const claim = await step.claims.findOne({ _id: step.key });
  if (claim && now.getTime() - claim.at.getTime() >= (step.staleMs ?? STALE_CLAIM_MS)) await step.apply(claim.payload);
  return false;
}
