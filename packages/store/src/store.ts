import { MongoClient, type Collection, type Db, type Document } from 'mongodb';

/** Prepares collections (indexes and the like) once per connection, before anyone uses it. */
export type Preparer = (db: Db) => Promise<void>;

/**
 * The process's one connection to the store (MongoDB wire protocol: FerretDB here, MongoDB in
 * production). Every repository of a service is handed the same `Store`: one connection pool
 * per process, whatever the number of repositories. Repositories register what they need
 * prepared (`onConnect`); the first `connect()` runs all of it, later calls share the attempt.
 */
export class Store {
  private client?: MongoClient;
  private database?: Db;
  private connecting?: Promise<void>;
  private readonly preparers: Preparer[] = [];

  constructor(
    private readonly url: string,
    private readonly dbName: string,
  ) {}

  /** Work to run once the connection is up (and again after a reconnect from scratch). */
  onConnect(prepare: Preparer): void {
    this.preparers.push(prepare);
  }

  /** Connects once; concurrent callers share the attempt, a failed attempt can be retried. */
  connect(): Promise<void> {
    this.connecting ??= this.open().catch((err: unknown) => {
      this.connecting = undefined;
      throw err;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = await MongoClient.connect(this.url, { serverSelectionTimeoutMS: 5000 });
    try {
      const db = client.db(this.dbName);
      for (const prepare of this.preparers) await prepare(db);
      this.client = client;
      this.database = db;
    } catch (err) {
      await client.close();
      throw err;
    }
  }

  get connected(): boolean {
    return this.database !== undefined;
  }

  get db(): Db {
    if (!this.database) throw new StoreNotConnected();
    return this.database;
  }

  collection<T extends Document>(name: string): Collection<T> {
    return this.db.collection<T>(name);
  }

  async ping(): Promise<boolean> {
    if (!this.database) return false;
    try {
      await this.database.command({ ping: 1 });
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.database = undefined;
    this.connecting = undefined;
    await client?.close();
  }
}

/** A repository used before the store was reached: a start-up ordering bug, or the store is away. */
export class StoreNotConnected extends Error {
  constructor() {
    super('store not connected');
  }
}
