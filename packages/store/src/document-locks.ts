import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import { insertOnce } from './duplicates';

/** A writer's hold on one document (`_id` is the document's), inserted before its writes. */
export interface DocumentLock {
  _id: string;
  at: Date;
  /** Tells this hold from a later one on the same document (after this one was given up). */
  holder: string;
}

export interface DocumentLocksOptions {
  /** A hold this old was left by a writer that stopped while holding it: it is given up. */
  staleMs?: number;
  /** How long a writer waits for its documents before `DocumentBusyError` (the caller's retry decides). */
  waitMs?: number;
}

/**
 * A document held by another writer for longer than the wait: the write was not made. The HTTP
 * layer answers 503 with `Retry-After`; a job retries.
 */
export class DocumentBusyError extends Error {
  constructor(
    readonly documentId: string,
    readonly waitedMs: number,
  ) {
    super(`document ${documentId} held by another writer for over ${waitedMs} ms`);
    this.name = 'DocumentBusyError';
  }
}

/** Far longer than any live writer holds a document; far shorter than anyone would wait on a stopped one. */
export const STALE_LOCK_MS = 30_000;
const WAIT_MS = 15_000;

/**
 * One writer at a time per document, across processes: every update of a document of the
 * collection goes through `write(id, …)`. Why: FerretDB v1 runs an update as a read, then a write
 * of the whole document back by `_id`, outside any transaction (FerretDB issue #3040; ADR 0012),
 * so two updates of different fields of one document at once lose one of them — measured here,
 * 810 and 886 of 1,000 rounds. Seen in CI: a finding given back by a lifted suppression was
 * assigned by the assignment job while the release unmarked it, and the assignee was lost. The
 * hold is an insert of the document's id, which both engines refuse atomically when it is there
 * already. On MongoDB an update is atomic and the hold only costs an insert and a delete (and a
 * read per retry when the document is held).
 *
 * The hold covers the write, not a read made before it: a caller that computes its update from
 * a read must read inside `work`, or make the write conditional on what it read.
 *
 * A hold older than `staleMs` (its writer crashed) is taken over by exactly one of the writers
 * waiting for it (an insert of the takeover's key decides, since a delete on FerretDB is itself a
 * read then a delete by `_id`). Writers never wait in a cycle: one that holds several documents
 * (`writeAll`) takes them in one order (sorted ids), and one that holds a single document waits
 * for nothing while holding it.
 */
export class DocumentLocks {
  private readonly staleMs: number;
  private readonly waitMs: number;

  constructor(
    private readonly locks: () => Collection<DocumentLock>,
    options: DocumentLocksOptions = {},
  ) {
    this.staleMs = options.staleMs ?? STALE_LOCK_MS;
    this.waitMs = options.waitMs ?? WAIT_MS;
  }

  /** Runs `work` (the updates of document `id`) while no other writer of that document runs. */
  async write<T>(id: string, work: () => Promise<T>): Promise<T> {
    return this.writeAll([id], work);
  }

  /**
   * Runs `work` while holding every document of `ids` (taken in sorted order, all within one
   * wait, which is shorter than a hold takes to go stale: none of them is given up meanwhile).
   */
  async writeAll<T>(ids: readonly string[], work: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.waitMs;
    const held: { id: string; holder: string }[] = [];
    try {
      for (const id of [...new Set(ids)].sort()) held.push({ id, holder: await this.take(id, deadline) });
      return await work();
    } finally {
      // Released only if still ours; a release that fails leaves the hold to go stale.
      for (const h of held)
        await this.locks()
          .deleteOne({ _id: h.id, holder: h.holder })
          .catch(() => undefined);
    }
  }

  private async take(id: string, deadline: number): Promise<string> {
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      const holder = randomUUID();
      if (await insertOnce(this.locks(), { _id: id, at: new Date(), holder })) return holder;
      const lock = await this.locks().findOne({ _id: id });
      if (lock && Date.now() - lock.at.getTime() >= this.staleMs) {
        // Only the writer whose takeover key goes in deletes it: another one's delete, read before
        // ours inserted our own hold, would delete ours.
        if (await insertOnce(this.locks(), { _id: `${id}#taken-over:${lock.holder}`, at: new Date(), holder }))
          await this.locks().deleteOne({ _id: id, holder: lock.holder });
        continue;
      }
      if (Date.now() > deadline) throw new DocumentBusyError(id, this.waitMs);
      // Jittered, so that writers queued on one document do not retry in step.
      await new Promise((r) => setTimeout(r, pause / 2 + Math.random() * pause));
    }
  }
}
