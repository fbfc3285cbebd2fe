import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import { insertOnce } from './duplicates';

/** A claim on one step of a document (`<id>@<version it moves to>`), inserted before the write. */
export interface StepClaim {
  _id: string;
  at: Date;
  /** Tells this claim from a later one of the same step (after this one was given up). */
  claimId: string;
}

export interface ClaimedStep {
  /** Where the claims of this kind of document are kept (one collection per kind). */
  claims: Collection<StepClaim>;
  /** The step: the document and the version it moves to (`F-12@3`). */
  key: string;
  /** The write, conditional on the step before; true when it changed the document. */
  apply(): Promise<boolean>;
  now?: Date;
  /** A claim this old was left by a writer that stopped between its claim and its write: it is given up. */
  staleMs?: number;
}

/** Far longer than any live writer takes between its claim and its write. */
export const STALE_CLAIM_MS = 60_000;

/**
 * Takes one step of a document (a status change, a new version, a decision) for exactly one of
 * the writers racing for it; true for that one, which then does what follows the step (audit,
 * announcements, roles): nobody else ever writes its step for it.
 *
 * Why not a conditional update alone (`updateOne({ _id, version: n }, …)`): FerretDB v1 runs one
 * as a read then a write, outside any transaction (its `msg_update.go` queries, then writes the
 * matched documents back by `_id`; FerretDB issue #3040), so several writers that read version
 * `n` at once all succeed, and the last one's write wins. Measured on the local store: of 40
 * rounds of four parallel conditional updates, 24–26 had more than one winner; with an insert of
 * the step's key first, none (ADR 0012). An insert of a duplicate `_id` is refused atomically by
 * both engines. On MongoDB the conditional write alone would do; the claim costs one insert.
 *
 * A claim never blocks a step that nobody is taking: a writer whose write finds the document
 * moved on (by a change that takes no step, such as a finding's hold moved to another
 * suppression), or fails, takes its claim back; a claim older than `staleMs` (its writer crashed
 * between the two writes) is given up by one of the next writers, who then claim the step anew.
 */
export async function takeStep(step: ClaimedStep): Promise<boolean> {
  const now = step.now ?? new Date();
  // Twice at most: once more after giving up a stale claim.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const claimId = randomUUID();
    if (await insertOnce(step.claims, { _id: step.key, at: now, claimId })) {
      let applied = false;
      try {
        applied = await step.apply();
      } finally {
        // Not taken (the document moved on, or the write failed): the step stays open to others.
        if (!applied) await step.claims.deleteOne({ _id: step.key, claimId }).catch(() => undefined);
      }
      return applied;
    }
    const claim = await step.claims.findOne({ _id: step.key });
    if (claim && now.getTime() - claim.at.getTime() < (step.staleMs ?? STALE_CLAIM_MS)) return false;
    // Only the writer whose give-up key goes in deletes the stale claim (a delete on FerretDB is a
    // read then a delete by `_id`: another's, read earlier, could delete the claim made after it).
    if (claim && (await insertOnce(step.claims, { _id: `${step.key}#given-up:${claim.claimId}`, at: now, claimId })))
      await step.claims.deleteOne({ _id: step.key, claimId: claim.claimId });
  }
  return false;
}
