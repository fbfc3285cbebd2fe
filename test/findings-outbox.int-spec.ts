import type { RaisedFinding } from '@thads/rules';
import { DetectorStore } from '../services/detector/src/store/detector.store';
import { dropNamespace, infra, namespace, openDb, type Namespace } from './support/harness';
import { findingMessage } from './support/inspection-client';

/** A finding as the rules raise it (no workflow status yet). */
function raised(id: string): RaisedFinding {
  const { status: _status, revision: _revision, ...finding } = findingMessage(id);
  return finding;
}

/**
 * The detector's findings outbox on the real store: an entry is made before its finding is
 * stored and removed once the finding is on the topic; whatever is left is published again at
 * the next start. A batch replayed after a lapsed membership or a store outage raises findings
 * that were stored and published long ago: that must leave nothing in the outbox, or the next
 * start publishes them once more (seen by `npm run faults`: 6 entries left after a pause, 3 after
 * the store was stopped).
 */
describe('the findings outbox when a batch is replayed', () => {
  let ns: Namespace;
  let store: DetectorStore;

  beforeAll(async () => {
    ns = namespace();
    store = new DetectorStore(infra.mongoUrl, ns.db);
    await store.connect();
  });

  afterAll(async () => {
    await store?.close();
    await dropNamespace(ns);
  });

  const outbox = async () => {
    const { db, close } = await openDb(ns);
    const ids = (await db.collection('findings_outbox').find().toArray()).map((d) => String(d._id));
    await close();
    return ids.sort();
  };

  it('leaves no entry for a finding raised again after it was published and taken out of the outbox', async () => {
    expect(await store.insertNewFindings([raised('OB-1')])).toEqual(['OB-1']);
    await store.markPublished(['OB-1']);
    // The replay: the same finding raised again, already stored.
    expect(await store.insertNewFindings([raised('OB-1')])).toEqual([]);
    expect(await outbox()).toEqual([]);
  });

  it('keeps the entry of a finding stored but not yet published when it is raised again, for the next start to publish', async () => {
    expect(await store.insertNewFindings([raised('OB-2')])).toEqual(['OB-2']);
    expect(await store.insertNewFindings([raised('OB-2'), raised('OB-3')])).toEqual(['OB-3']);
    expect(await outbox()).toEqual(['OB-2', 'OB-3']);
    expect((await store.unpublishedFindings()).map((f) => f.findingId).sort()).toEqual(['OB-2', 'OB-3']);
  });
});
