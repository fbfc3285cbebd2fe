import { MongoClient, type Collection, type Db, type Document } from 'mongodb';

/**
 * One connection to the store (MongoDB wire protocol: FerretDB here, MongoDB in production),
 * shared by the way each repository of the service opens, reaches and closes it.
 */
export class StoreClient {
  private client?: MongoClient;
  private database?: Db;

  constructor(private readonly url: string, private readonly dbName: string) {}

  /** Connects once (later calls do nothing), then lets the repository prepare its collections. */
  async connect(): Promise<void> {
    if (this.database) return;
    const client = await MongoClient.connect(this.url, { serverSelectionTimeoutMS: 5000, retryWrites: false });
    try {
      await this.prepare(client.db(this.dbName));
    } catch (err) {
      await client.close();
      throw err;
    }
    this.client = client;
    this.database = client.db(this.dbName);
  }

  /** Indexes and the like, run once per connection. */
  protected prepare(_db: Db): Promise<void> {
    return Promise.resolve();
  }

  protected get db(): Db {
    if (!this.database) throw new Error('store not connected');
    return this.database;
  }

  protected collection<T extends Document>(name: string): Collection<T> {
    return this.db.collection<T>(name);
  }

  async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
    this.database = undefined;
  }
}

/** A (bulk) insert whose only failures are ids that exist already (code 11000): "already stored". */
export function onlyDuplicateKeys(err: unknown): boolean {
  const e = err as { code?: unknown; writeErrors?: unknown };
  if (e.writeErrors === undefined) return e.code === 11000;
  const list = Array.isArray(e.writeErrors) ? (e.writeErrors as { code?: unknown; err?: { code?: unknown } }[]) : [e.writeErrors as { code?: unknown; err?: { code?: unknown } }];
  return list.length > 0 && list.every((w) => (w.code ?? w.err?.code) === 11000);
}

/** Inserts what is new; documents whose id is stored already are left as they are. */
export async function insertNew<T extends { _id: string }>(coll: Collection<T>, docs: T[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    await coll.insertMany(docs as never[], { ordered: false });
  } catch (err) {
    if (!onlyDuplicateKeys(err)) throw err;
  }
}
