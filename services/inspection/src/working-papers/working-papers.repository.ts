import { randomUUID } from 'node:crypto';
import { Binary } from 'mongodb';
import type { Collection, Document } from 'mongodb';
import { insertOnce, type Store } from '@thads/store';

export interface NoteDoc {
  _id: string;
  findingId: string;
  by: string;
  at: Date;
  text: string;
}
export interface MarkDoc {
  _id: string;
  findingId: string;
  itemId: string;
  done: boolean;
  note?: string;
  by: string;
  at: Date;
}
export interface AttachmentDoc {
  _id: string;
  findingId: string;
  sha256: string;
  name: string;
  contentType: string;
  size: number;
  by: string;
  at: Date;
}
interface BlobDoc {
  _id: string;
  contentType: string;
  size: number;
  content: Binary;
  storedAt: Date;
}

/**
 * An inspection's working papers: notes, checklist marks (the latest mark of an item counts),
 * and attachments whose content is stored once under its SHA-256 however many times it is
 * attached. Everything here is inserted, never updated: the history stays readable.
 */
export class WorkingPapersRepository {
  constructor(private readonly store: Store) {}

  private collection<T extends Document>(name: string): Collection<T> {
    return this.store.collection<T>(name);
  }

  async addNote(findingId: string, by: string, text: string, at: Date): Promise<NoteDoc> {
    const doc = { _id: randomUUID(), findingId, by, at, text };
    await this.collection<NoteDoc>('inspection_notes').insertOne(doc);
    return doc;
  }

  notes(findingId: string): Promise<NoteDoc[]> {
    return this.collection<NoteDoc>('inspection_notes').find({ findingId }).sort({ at: 1, _id: 1 }).toArray();
  }

  async mark(findingId: string, itemId: string, done: boolean, by: string, at: Date, note?: string): Promise<MarkDoc> {
    const doc = { _id: randomUUID(), findingId, itemId, done, by, at, ...(note ? { note } : {}) };
    await this.collection<MarkDoc>('checklist_marks').insertOne(doc);
    return doc;
  }

  /** The latest mark of each checklist item. */
  async marks(findingId: string): Promise<Map<string, MarkDoc>> {
    const all = await this.collection<MarkDoc>('checklist_marks').find({ findingId }).sort({ at: 1, _id: 1 }).toArray();
    return new Map(all.map((m) => [m.itemId, m]));
  }

  /** Stores the content under its hash (once) and records the attachment. */
  async attach(meta: Omit<AttachmentDoc, '_id'>, content: Buffer): Promise<AttachmentDoc> {
    // Stored already when the same content was attached before: one copy, whatever the count.
    await insertOnce(this.collection<BlobDoc>('attachment_blobs'), {
      _id: meta.sha256,
      contentType: meta.contentType,
      size: meta.size,
      content: new Binary(content),
      storedAt: meta.at,
    });
    const doc = { _id: randomUUID(), ...meta };
    await this.collection<AttachmentDoc>('attachments').insertOne(doc);
    return doc;
  }

  attachments(findingId: string): Promise<AttachmentDoc[]> {
    return this.collection<AttachmentDoc>('attachments').find({ findingId }).sort({ at: 1, _id: 1 }).toArray();
  }

  /** The findings an attachment's content is attached to. */
  async findingsWith(sha256: string): Promise<string[]> {
    return (await this.collection<AttachmentDoc>('attachments').find({ sha256 }).toArray()).map((a) => a.findingId);
  }

  async content(sha256: string): Promise<{ contentType: string; content: Buffer } | undefined> {
    const doc = await this.collection<BlobDoc>('attachment_blobs').findOne({ _id: sha256 });
    return doc ? { contentType: doc.contentType, content: Buffer.from(doc.content.buffer) } : undefined;
  }
}
