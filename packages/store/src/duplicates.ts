import type { Collection, OptionalUnlessRequiredId } from 'mongodb';

const DUPLICATE_KEY = 11000;

interface WriteErrorLike {
  code?: unknown;
  err?: { code?: unknown };
}

/** One insert refused because its `_id` (or a unique key) is stored already. */
export function isDuplicateKey(err: unknown): boolean {
  return (
    (err as { code?: unknown } | null)?.code === DUPLICATE_KEY &&
    (err as { writeErrors?: unknown }).writeErrors === undefined
  );
}

/**
 * A (bulk) insert whose only failures are keys that exist already: "already stored". Any other
 * failure among them (or none listed) is a real error. On FerretDB v1 an upsert scans the table
 * per statement (ADR 0005), so "insert, and a duplicate means done" is how this project writes
 * anything that may arrive twice.
 */
export function onlyDuplicateKeys(err: unknown): boolean {
  const e = err as { code?: unknown; writeErrors?: unknown } | null;
  if (!e) return false;
  if (e.writeErrors === undefined) return e.code === DUPLICATE_KEY;
  const list = (Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors]) as WriteErrorLike[];
  return list.length > 0 && list.every((w) => (w.code ?? w.err?.code) === DUPLICATE_KEY);
}

/** Inserts what is new; documents whose id is stored already are left as they are. */
export async function insertNew<T extends { _id: unknown }>(coll: Collection<T>, docs: readonly T[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    await coll.insertMany(docs as OptionalUnlessRequiredId<T>[], { ordered: false });
  } catch (err) {
    if (!onlyDuplicateKeys(err)) throw err;
  }
}

/** Inserts one document; false when its id was stored already. */
export async function insertOnce<T extends { _id: unknown }>(coll: Collection<T>, doc: T): Promise<boolean> {
  try {
    await coll.insertOne(doc as OptionalUnlessRequiredId<T>);
    return true;
  } catch (err) {
    if (onlyDuplicateKeys(err)) return false;
    throw err;
  }
}
