import { dayFromIso } from '@thads/rules';
import { newNonce, receiptFor, sealBox, cast, openBox, roundOne, type RoundSeal } from '../domain';
import type { ProceedingDoc } from '../proceedings/proceeding-record';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minutesBlocks, renderMinutes } from './minutes';
import { minutesPdf } from './pdf';

const day = dayFromIso;

/** A proceeding that has met and voted round 1, as the store keeps it. */
function aMetProceeding(): ProceedingDoc {
  return {
    _id: 'DP-F1',
    version: 6,
    officerId: 'S',
    unitId: 'DT-KV01',
    status: 'round_1',
    proceeding: {
      proceedingId: 'DP-F1',
      subject: { officerId: 'S', unitId: 'DT-KV01', employment: 'civil_servant', position: 'staff' },
      status: 'round_1',
      openedOn: day('2026-12-07'),
      findings: [
        { findingId: 'F1', factsOn: day('2025-09-10'), discoveredOn: day('2026-12-07'), breachClass: 'other' },
      ],
      timeBarred: [],
      exclusions: [],
      council: { chair: 'H1', member_1: 'X2', member_2: 'C1' },
      councilFormedOn: day('2026-12-07'),
      everSat: ['H1', 'X2', 'C1'],
      calls: [{ summonedOn: day('2026-12-07'), meetingOn: day('2026-12-14'), subject: 'present' }],
      metOn: day('2026-12-14'),
      rounds: [],
    },
    findings: [
      {
        findingId: 'F1',
        ruleId: 'payout-overdue',
        ruleVersion: 1,
        severity: 'high',
        title: { vi: 'Chậm chi trả <tiền>', en: 'Late payout' },
        detectedAt: '2025-09-10T10:00:00+07:00',
        referralEventId: 'e1',
        referredAt: '2026-12-07T02:00:00.000Z',
        referredBy: 'sup',
        target: 'discipline_committee',
        note: 'n',
        conclusion: {
          result: 'substantiated',
          reasoning: 'Giữ tiền 12 ngày',
          truePositive: true,
          by: 'insp',
          at: '2026-12-07T02:00:00.000Z',
        },
        legalBasis: 'Luật THADS, Điều 47',
      },
    ],
    recusals: [
      { on: '2026-12-07', seat: 'member_1', officerId: 'R1', grounds: ['declared_relation'], replacedBy: 'X2' },
    ],
    submissions: [
      { submissionId: 's1', text: 'Tôi <b>xin</b> giải trình', documents: [], at: '2026-12-08T02:00:00.000Z' },
    ],
    openedAt: '2026-12-07T02:00:00.000Z',
    updatedAt: '2026-12-14T02:00:00.000Z',
    pending: [],
    unsent: false,
  };
}

function sealedRound(): RoundSeal {
  let box = openBox(roundOne('DP-F1-r1', ['H1', 'X2', 'C1']));
  for (const [voter, choice] of [
    ['H1', 'discipline'],
    ['X2', 'discipline'],
    ['C1', 'no_discipline'],
  ] as const) {
    const r = cast(box, voter, { choice, receipt: receiptFor({ roundId: 'DP-F1-r1', choice, nonce: newNonce() }) });
    if (!r.ok) throw new Error(r.message);
    box = r.box;
  }
  const sealed = sealBox(box);
  if (!sealed.ok) throw new Error('not sealed');
  return sealed.sealed.seal;
}

describe('the minutes of the council meeting', () => {
  const names: Record<string, string> = {
    S: 'Nguyễn Văn S',
    H1: 'Trần Thị H',
    X2: 'Phạm Văn X',
    C1: 'Lê Văn C',
    R1: 'Nguyễn Thị R',
  };
  const seal = sealedRound();
  const html = renderMinutes({
    doc: aMetProceeding(),
    seals: [seal],
    nameOf: (id) => names[id],
    unitName: () => 'Phòng THADS khu vực 1',
  });

  it('records, in Vietnamese, the council and its recusal, the call, the breach, the response and the tally with its commitment', () => {
    expect(html).toContain('BIÊN BẢN HỌP HỘI ĐỒNG KỶ LUẬT');
    expect(html).toContain('Chủ tịch Hội đồng: Trần Thị H (H1)');
    expect(html).toContain(
      'Nguyễn Thị R (R1) không tham gia Hội đồng (có quan hệ đã kê khai với người bị xem xét); thay bằng Phạm Văn X (X2)',
    );
    expect(html).toContain('giấy triệu tập ngày 07/12/2026, họp ngày 14/12/2026; người bị xem xét kỷ luật có mặt');
    expect(html).toContain('Công chức: Nghị định 172/2025/NĐ-CP');
    expect(html).toContain('<tr><td>Đề nghị xử lý kỷ luật</td><td>2</td></tr>');
    expect(html).toContain(seal.commitment);
  });

  it('never says who voted what, and escapes what people wrote', () => {
    // Each member's name appears in the council list and the signature lines only, never next to a choice.
    const tally = html.slice(html.indexOf('VI. Kết quả bỏ phiếu kín'), html.indexOf('<footer>'));
    for (const name of ['Trần Thị H', 'Phạm Văn X', 'Lê Văn C', 'H1', 'X2', 'C1']) expect(tally).not.toContain(name);
    expect(html).toContain('Tôi &lt;b&gt;xin&lt;/b&gt; giải trình');
    expect(html).toContain('Chậm chi trả &lt;tiền&gt;');
    expect(html).not.toContain('<b>xin</b>');
  });

  it('prints as a PDF with its Vietnamese intact, without a browser (pdftotext reads it back)', async () => {
    const pdf = await minutesPdf(
      minutesBlocks({
        doc: aMetProceeding(),
        seals: [seal],
        nameOf: (id) => names[id],
        unitName: () => 'Phòng THADS khu vực 1',
      }),
      'Biên bản họp Hội đồng kỷ luật DP-F1',
    );
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'thads-minutes-'));
    try {
      const file = join(dir, 'minutes.pdf');
      writeFileSync(file, pdf);
      // Words as pdftotext extracts them: one space between words, whatever the layout.
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      for (const words of [
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'BIÊN BẢN HỌP HỘI ĐỒNG KỶ LUẬT',
        'Người bị xem xét kỷ luật',
        'Nguyễn Thị R (R1) không tham gia Hội đồng',
        'Đề nghị xử lý kỷ luật',
        'Tôi <b>xin</b> giải trình',
        'Nghị định 172/2025/NĐ-CP',
        'ngày vi phạm 10/09/2025',
        seal.commitment,
      ])
        expect(text).toContain(words);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
