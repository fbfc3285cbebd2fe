import { Inject, Injectable } from '@nestjs/common';
import type { Binary, Collection } from 'mongodb';
import { Store, insertNew } from '@thads/store';
import type { DocumentRef } from '../proceedings/proceeding-record';
import type { UploadUsage } from './documents';

interface Blob {
  _id: string;
  contentType: string;
  size: number;
  content: Buffer | Binary;
  storedAt: Date;
}

interface Upload extends DocumentRef {
  _id: string;
  proceedingId: string;
  at: Date;
}

/**
 * The subject's documents: the content once per digest (`submission_blobs`), and which
 * proceeding each was uploaded to (`submission_uploads`). Insert only.
 */
@Injectable()
export class SubmissionsRepository {
  constructor(@Inject(Store) private readonly store: Store) {}

  private get blobs(): Collection<Blob> {
    return this.store.collection<Blob>('submission_blobs');
  }

  private get uploads(): Collection<Upload> {
    return this.store.collection<Upload>('submission_uploads');
  }

  async save(proceedingId: string, ref: DocumentRef, content: Buffer, at: Date): Promise<void> {
    await insertNew(this.blobs, [
      { _id: ref.sha256, contentType: ref.contentType, size: ref.size, content, storedAt: at },
    ]);
    await insertNew(this.uploads, [{ _id: `${proceedingId}:${ref.sha256}`, proceedingId, ...ref, at }]);
  }

  /** What the proceeding holds already: how many documents, how many bytes, which digests (bounded by the quota). */
  async usage(proceedingId: string): Promise<UploadUsage> {
    const uploads = await this.uploads.find({ proceedingId }, { projection: { size: 1, sha256: 1 } }).toArray();
    return {
      documents: uploads.length,
      bytes: uploads.reduce((n, u) => n + u.size, 0),
      digests: uploads.map((u) => u.sha256),
    };
  }

  /** The documents uploaded to a proceeding among `digests`. */
  uploaded(proceedingId: string, digests: readonly string[]): Promise<Upload[]> {
    return this.uploads.find({ _id: { $in: digests.map((d) => `${proceedingId}:${d}`) } }).toArray();
  }

  async content(proceedingId: string, sha256: string): Promise<{ contentType: string; content: Buffer } | undefined> {
    const upload = await this.uploads.findOne({ _id: `${proceedingId}:${sha256}` });
    if (!upload) return undefined;
    const blob = await this.blobs.findOne({ _id: sha256 });
    if (!blob) return undefined;
    const content = Buffer.isBuffer(blob.content) ? blob.content : Buffer.from(blob.content.buffer);
    return { contentType: blob.contentType, content };
  }
}
