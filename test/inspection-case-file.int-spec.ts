import { createHash } from 'node:crypto';
import { type AnyEvent } from '@thads/contracts';
import { aCase } from '@thads/contracts/testing';
import type { KafkaBus } from '@thads/messaging';
import {
  busFor,
  dropNamespace,
  inspectionConfig,
  namespace,
  openDb,
  publish,
  seedUnits,
  waitFor,
} from './support/harness';
import { InspectionUnderTest, findingMessage, seedOfficers, userDoc } from './support/inspection-client';

type TimelineEvent = {
  eventId: string;
  type: string;
  inEvidence: boolean;
  data: Record<string, unknown>;
  denouncerWithheld?: boolean;
  actorId?: string;
};

/**
 * The case file an inspector works from, over the real stack: the case's events arrive on the
 * input topics like any producer's, the finding on the findings topic. Then: the timeline with
 * the evidence marked and the denouncer withheld, the money ledger, the officer's other
 * findings and the rule's checklist; who may learn a denouncer's identity (audited); notes,
 * checklist marks and content-addressed attachments with type and size limits.
 */
describe('case file, denouncer secrecy and inspection work (HTTP)', () => {
  const ns = namespace();
  let svc: InspectionUnderTest;
  let bus: KafkaBus;
  const c = aCase('CF-1', 'DT-KV01')
    .on('2025-03-03')
    .received({ creditorIds: ['P-creditor'] })
    .assigned('OFF-7')
    .decisionIssued()
    .on('2025-03-04')
    .collected(100_000_000, 'cash')
    .on('2025-03-20')
    .disbursed(60_000_000);
  const collected = c.events.find((e) => e.type === 'finance.collected')!;
  const denunciation = {
    eventId: 'CF-1-tc',
    type: 'complaint.received',
    schemaVersion: 1,
    occurredAt: '2025-03-25T10:00:00+07:00',
    unitId: 'DT-KV01',
    caseId: 'CF-1',
    actorId: 'CLERK-1',
    data: {
      complaintId: 'TC-1',
      kind: 'denunciation',
      againstOfficerId: 'OFF-7',
      topic: 'bribery',
      denouncerName: 'Nguyễn Văn A',
      denouncerAddress: 'Cao Lãnh',
    },
  } as unknown as AnyEvent;

  beforeAll(async () => {
    const { db, close } = await openDb(ns);
    await seedUnits(ns);
    await seedOfficers(ns, [{ officerId: 'OFF-7', unitId: 'DT-KV01' }]);
    await db
      .collection('users')
      .insertMany([
        await userDoc('insp', ['inspector'], 'DT', { officerId: 'OFF-INSP' }),
        await userDoc('sup', ['inspection_supervisor'], 'DT'),
        await userDoc('sup-kv01', ['inspection_supervisor'], 'DT-KV01'),
        await userDoc('sup-accused', ['inspection_supervisor'], 'DT', { officerId: 'OFF-7' }),
        await userDoc('chair', ['committee_chair'], 'DT'),
        await userDoc('member', ['committee_member'], 'DT'),
        await userDoc('lead-kv02', ['leadership'], 'DT-KV02'),
      ] as never[]);
    await close();
    svc = await InspectionUnderTest.start({ ...inspectionConfig(ns), attachmentMaxBytes: 4096 });
    bus = busFor(ns);
    await publish(bus, [...c.events, denunciation]);
    await bus.publish('Findings', [
      {
        key: 'F-CF',
        value: findingMessage('F-CF', {
          caseId: 'CF-1',
          officerId: 'OFF-7',
          evidence: { eventIds: [collected.eventId], figures: { outstanding: 40_000_000 } },
        }),
      },
      {
        // About the only inspector's own officer record: nobody can be given it, it waits.
        key: 'F-WAIT',
        value: findingMessage('F-WAIT', {
          caseId: 'CF-8',
          officerId: 'OFF-INSP',
          ruleId: 'stagnant-case',
          severity: 'low',
        }),
      },
      {
        key: 'F-OTHER',
        value: findingMessage('F-OTHER', {
          caseId: 'CF-9',
          officerId: 'OFF-7',
          ruleId: 'stagnant-case',
          severity: 'low',
          detectedAt: '2025-02-01T00:00:00+07:00',
        }),
      },
    ]);
    await waitFor(
      'F-CF assigned',
      async () =>
        ((await svc.call('GET', '/api/findings/F-CF', 'sup')).body['finding'] as { assignee?: string } | undefined)
          ?.assignee === 'insp',
    );
    await waitFor(
      'the case events stored',
      async () =>
        ((await svc.call('GET', '/api/findings/F-CF/case-file', 'insp')).body['timeline'] as unknown[] | undefined)
          ?.length === 6,
    );
  }, 120_000);

  afterAll(async () => {
    await bus.disconnect();
    await svc.close();
    await dropNamespace(ns);
  });

  it("shows the case timeline with the evidence marked, the money ledger, the officer's other findings and the rule's checklist", async () => {
    const file = await svc.call('GET', '/api/findings/F-CF/case-file', 'insp');
    expect(file.status).toBe(200);
    const timeline = file.body['timeline'] as TimelineEvent[];
    expect(timeline.map((e) => e.type)).toEqual([
      'case.received',
      'case.assigned',
      'case.decision_issued',
      'finance.collected',
      'finance.disbursed',
      'complaint.received',
    ]);
    expect(timeline.filter((e) => e.inEvidence).map((e) => e.eventId)).toEqual([collected.eventId]);
    expect(file.body['ledger']).toMatchObject({
      collected: 100_000_000,
      deposited: 0,
      disbursed: 60_000_000,
      balance: 40_000_000,
      cashNotDeposited: 100_000_000,
    });
    expect(file.body['rule']).toMatchObject({
      ruleId: 'payout-overdue',
      legalBasis: 'Luật THADS, Điều 47',
      firesWhen: { en: 'Money collected was not paid out or remitted within the limit' },
    });
    expect((file.body['rule'] as { checklist: { id: string }[] }).checklist.map((i) => i.id)).toEqual([
      'receipts',
      'custody-account',
      'payout-obstacle',
      'source-documents',
      'officer-explanation',
    ]);
    expect(
      (file.body['officer'] as { otherFindings: { findingId: string }[] }).otherFindings.map((f) => f.findingId),
    ).toEqual(['F-OTHER']);
  });

  it('withholds the denouncer in the case file from everyone', async () => {
    for (const who of ['insp', 'sup', 'chair']) {
      const file = await svc.call('GET', '/api/findings/F-CF/case-file', who);
      const tc = (file.body['timeline'] as TimelineEvent[]).find((e) => e.type === 'complaint.received')!;
      expect(tc.data).toEqual({
        complaintId: 'TC-1',
        kind: 'denunciation',
        againstOfficerId: 'OFF-7',
        topic: 'bribery',
      });
      expect(tc.denouncerWithheld).toBe(true);
      expect(tc.actorId).toBeUndefined();
      expect(JSON.stringify(file.body)).not.toMatch(/Nguyễn Văn A|Cao Lãnh/);
    }
  });

  it("shows who denounced only to the roles that need it, never in the accused's unit nor to the accused, and audits every read", async () => {
    const read = await svc.call('GET', '/api/complaints/TC-1/denouncer', 'sup');
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      complaintId: 'TC-1',
      caseId: 'CF-1',
      againstOfficerId: 'OFF-7',
      denouncer: { denouncerName: 'Nguyễn Văn A', denouncerAddress: 'Cao Lãnh' },
    });
    expect((await svc.call('GET', '/api/complaints/TC-1/denouncer', 'chair')).status).toBe(200);
    const sameUnit = await svc.call('GET', '/api/complaints/TC-1/denouncer', 'sup-kv01');
    expect([sameUnit.status, (sameUnit.body['message'] as { en: string }).en]).toEqual([
      403,
      "the denouncer's identity is withheld: you belong to unit DT-KV01, the accused officer's unit",
    ]);
    expect(
      ((await svc.call('GET', '/api/complaints/TC-1/denouncer', 'sup-accused')).body['message'] as { en: string }).en,
    ).toMatch(/you are the accused officer/);
    for (const who of ['insp', 'member', 'lead-kv02'])
      expect((await svc.call('GET', '/api/complaints/TC-1/denouncer', who)).status).toBe(403);
    expect((await svc.call('GET', '/api/complaints/TC-404/denouncer', 'sup')).status).toBe(404);

    const { db, close } = await openDb(ns);
    const reads = await db.collection('audit_trail').find({ action: 'denouncer.read' }).toArray();
    const denied = await db
      .collection('audit_trail')
      .find({ action: 'access.denied', subject: 'GET /api/complaints/TC-1/denouncer' })
      .toArray();
    await close();
    expect(reads.map((e): unknown[] => [e['actor'], e['subject'], e['after']])).toEqual([
      ['user:sup', 'complaint:TC-1', { fields: ['denouncerName', 'denouncerAddress'], againstOfficerId: 'OFF-7' }],
      ['user:chair', 'complaint:TC-1', { fields: ['denouncerName', 'denouncerAddress'], againstOfficerId: 'OFF-7' }],
    ]);
    expect(JSON.stringify(reads)).not.toMatch(/Nguyễn/);
    expect(denied.map((e) => String(e['actor'])).sort()).toEqual([
      'user:insp',
      'user:lead-kv02',
      'user:member',
      'user:sup-accused',
      'user:sup-kv01',
    ]);
  });

  it('keeps notes, checklist marks and content-addressed attachments with type and size limits', async () => {
    expect(
      (await svc.call('POST', '/api/findings/F-CF/notes', 'insp', { text: 'Sổ quỹ ngày 4/3 có ghi BL-1' })).status,
    ).toBe(201);
    expect((await svc.call('POST', '/api/findings/F-CF/notes', 'insp', {})).body['field']).toBe('text');
    expect(
      (await svc.call('POST', '/api/findings/F-CF/checklist/receipts', 'insp', { done: true, note: 'BL-1 seen' }))
        .status,
    ).toBe(201);
    expect(
      (await svc.call('POST', '/api/findings/F-CF/checklist/not-an-item', 'insp', { done: true })).body['field'],
    ).toBe('itemId');
    // Only the assignee (or a supervisor) writes the working papers.
    expect((await svc.call('POST', '/api/findings/F-CF/notes', 'chair', { text: 'x' })).status).toBe(403);

    const pdf = Buffer.from('%PDF-1.4\nbiên bản xác minh\n%%EOF\n');
    const sha = createHash('sha256').update(pdf).digest('hex');
    const first = await svc.call('POST', '/api/findings/F-CF/attachments?name=bien-ban.pdf', 'insp', pdf, {
      'content-type': 'application/pdf',
    });
    expect([first.status, first.body['sha256'], first.body['size']]).toEqual([201, sha, pdf.length]);
    const again = await svc.call('POST', '/api/findings/F-CF/attachments?name=copy.pdf', 'sup', pdf, {
      'content-type': 'application/pdf',
    });
    expect(again.body['sha256']).toBe(sha);
    const exe = await svc.call('POST', '/api/findings/F-CF/attachments?name=x.exe', 'insp', Buffer.from('MZ\x90\x00'), {
      'content-type': 'application/x-msdownload',
    });
    expect([exe.status, exe.body['field']]).toEqual([400, 'content-type']);
    const fake = await svc.call(
      'POST',
      '/api/findings/F-CF/attachments?name=x.pdf',
      'insp',
      Buffer.from('MZ\x90\x00'),
      { 'content-type': 'application/pdf' },
    );
    expect((fake.body['message'] as { en: string }).en).toMatch(/not a application\/pdf file/);
    const big = await svc.call('POST', '/api/findings/F-CF/attachments?name=big.txt', 'insp', Buffer.alloc(5000, 'a'), {
      'content-type': 'text/plain',
    });
    expect(big.status).toBe(413);
    expect(
      (await svc.call('POST', '/api/findings/F-CF/attachments', 'insp', pdf, { 'content-type': 'application/pdf' }))
        .body['field'],
    ).toBe('name');

    const download = await svc.raw(`/api/attachments/${sha}`, 'member');
    expect([download.status, download.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    // Out of scope: the very answer of an attachment that does not exist (see below).
    expect((await svc.raw(`/api/attachments/${sha}`, 'lead-kv02')).status).toBe(404);

    const work = await svc.call('GET', '/api/findings/F-CF/work', 'member');
    expect((work.body['notes'] as { text: string; by: string }[]).map((n) => [n.by, n.text])).toEqual([
      ['insp', 'Sổ quỹ ngày 4/3 có ghi BL-1'],
    ]);
    const checklist = work.body['checklist'] as { id: string; done: boolean }[];
    expect(checklist.filter((i) => i.done).map((i) => i.id)).toEqual(['receipts']);
    expect((work.body['attachments'] as { name: string; sha256: string }[]).map((a) => [a.name, a.sha256])).toEqual([
      ['bien-ban.pdf', sha],
      ['copy.pdf', sha],
    ]);
    const { db, close } = await openDb(ns);
    const blobs = await db.collection('attachment_blobs').countDocuments();
    await close();
    expect(blobs).toBe(1);
  });
  it('answers a chunked upload over the limit with 413 and its error body, and stores one under it', async () => {
    // 16 KiB in 1 KiB chunks with no declared size, against a limit of 4 KiB: the service sees
    // it is too large while the client is still sending.
    const over = await svc.chunked(
      '/api/findings/F-CF/attachments?name=streamed.txt',
      'insp',
      Array.from({ length: 16 }, () => Buffer.alloc(1024, 'x')),
      'text/plain',
    );
    expect(over).toMatchObject({
      status: 413,
      body: { code: 'PAYLOAD_TOO_LARGE', params: { limit: '4096 bytes' }, correlationId: expect.any(String) },
    });
    const parts = ['Biên bản làm việc\n', 'ngày 4/3/2025, ', 'sổ quỹ có ghi BL-1.\n'].map((t) => Buffer.from(t));
    const under = await svc.chunked('/api/findings/F-CF/attachments?name=streamed.txt', 'insp', parts, 'text/plain');
    const content = Buffer.concat(parts);
    expect(under).toMatchObject({
      status: 201,
      body: { name: 'streamed.txt', size: content.length, sha256: createHash('sha256').update(content).digest('hex') },
    });
    const stored = await svc.raw(`/api/attachments/${createHash('sha256').update(content).digest('hex')}`, 'insp');
    expect(Buffer.from(await stored.arrayBuffer()).equals(content)).toBe(true);
  });

  it('answers a finding, case file, attachment or denouncer of another unit exactly as one that does not exist', async () => {
    const sha = createHash('sha256').update('%PDF-1.4\nbiên bản xác minh\n%%EOF\n').digest('hex');
    const pairs: [string, string][] = [
      ['/api/findings/F-CF', '/api/findings/F-NONE'],
      ['/api/findings/F-CF/case-file', '/api/findings/F-NONE/case-file'],
      ['/api/findings/F-CF/work', '/api/findings/F-NONE/work'],
      [`/api/attachments/${sha}`, `/api/attachments/${'0'.repeat(64)}`],
    ];
    const ids: [string, string][] = [
      ['F-CF', 'F-NONE'],
      ['F-CF', 'F-NONE'],
      ['F-CF', 'F-NONE'],
      [sha, '0'.repeat(64)],
    ];
    // The body names what was asked for and carries its own correlation id; nothing else differs.
    const shape = (r: Awaited<ReturnType<typeof svc.call>>, id: string) =>
      JSON.stringify({ status: r.status, body: { ...r.body, correlationId: undefined } }).replaceAll(id, '<id>');
    for (const [i, [existing, missing]] of pairs.entries()) {
      const [there, absent] = [
        await svc.call('GET', existing, 'lead-kv02'),
        await svc.call('GET', missing, 'lead-kv02'),
      ];
      expect(there.status).toBe(404);
      expect(shape(there, ids[i]![0])).toBe(shape(absent, ids[i]![1]));
    }
    // The denunciation TC-1 is filed in DT-KV01; an inspection supervisor of DT-KV02 asks.
    const { db, close } = await openDb(ns);
    await db.collection('users').insertOne(await userDoc('sup-kv02', ['inspection_supervisor'], 'DT-KV02'));
    const [there, absent] = [
      await svc.call('GET', '/api/complaints/TC-1/denouncer', 'sup-kv02'),
      await svc.call('GET', '/api/complaints/TC-NONE/denouncer', 'sup-kv02'),
    ];
    expect(shape(there, 'TC-1')).toBe(shape(absent, 'TC-NONE'));
    expect(there.status).toBe(404);
    // The refusal is still in the audit trail, as what it was.
    const denied = await db
      .collection('audit_trail')
      .findOne({ action: 'access.denied', actor: 'user:sup-kv02', 'after.code': 'OUT_OF_SCOPE' });
    await close();
    expect(denied?.['subject']).toBe('GET /api/complaints/TC-1/denouncer');
  });

  it('refuses the unit concerned any act on its own finding, and anyone an inspection with no inspector', async () => {
    // sup-kv01 supervises DT-KV01, the unit F-CF and F-WAIT are about.
    for (const id of ['F-CF', 'F-WAIT']) {
      const move = await svc.call('POST', `/api/findings/${id}/transitions`, 'sup-kv01', { to: 'triaged' });
      expect([move.status, move.body['code'], (move.body['message'] as { en: string }).en]).toEqual([
        403,
        'CONCERNED_PARTY',
        `you may not act on finding ${id}: you belong to DT-KV01, the unit concerned`,
      ]);
    }
    const reassign = await svc.call('POST', '/api/findings/F-CF/assignment', 'sup-kv01', {
      assignee: 'insp',
      reason: 'x',
    });
    expect([reassign.status, reassign.body['code']]).toEqual([403, 'CONCERNED_PARTY']);
    // F-WAIT has no inspector (the only one is the officer concerned): the provincial supervisor
    // may triage it, but neither start nor conclude an inspection nobody works.
    await waitFor(
      'F-WAIT to wait for an inspector',
      async () =>
        (
          (await svc.call('GET', '/api/findings/F-WAIT', 'sup')).body['finding'] as
            { waitingReason?: string } | undefined
        )?.waitingReason,
    );
    expect((await svc.call('POST', '/api/findings/F-WAIT/transitions', 'sup', { to: 'triaged' })).status).toBe(200);
    const start = await svc.call('POST', '/api/findings/F-WAIT/transitions', 'sup', { to: 'under_inspection' });
    expect([start.status, start.body['code']]).toEqual([403, 'NOT_ASSIGNED_YET']);
    expect(((await svc.call('GET', '/api/findings/F-WAIT', 'sup')).body['finding'] as { status: string }).status).toBe(
      'triaged',
    );
  });

  it('refuses the accused officer, as a user, any act on the finding about them', async () => {
    // sup-accused is an inspection supervisor linked to OFF-7, the officer F-CF is about.
    const move = await svc.call('POST', '/api/findings/F-CF/transitions', 'sup-accused', {
      to: 'dismissed',
      reason: 'other',
      note: 'mine',
    });
    expect([move.status, move.body['code']]).toEqual([403, 'CONCERNED_PARTY']);
    expect((move.body['message'] as { en: string }).en).toBe(
      'you may not act on finding F-CF: you are the officer concerned',
    );
    const note = await svc.call('POST', '/api/findings/F-CF/notes', 'sup-accused', { text: 'nothing to see' });
    expect([note.status, note.body['code']]).toEqual([403, 'CONCERNED_PARTY']);
    const reassign = await svc.call('POST', '/api/findings/F-CF/assignment', 'sup-accused', {
      assignee: 'insp',
      reason: 'x',
    });
    expect([reassign.status, reassign.body['code']]).toEqual([403, 'CONCERNED_PARTY']);
    expect(((await svc.call('GET', '/api/findings/F-CF', 'sup')).body['finding'] as { status: string }).status).toBe(
      'open',
    );
  });
});
