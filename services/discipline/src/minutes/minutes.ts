import type { Bilingual } from '@thads/contracts';
import { isoFromDay } from '@thads/rules';
import {
  FORM_LABELS,
  RECUSAL_LABELS,
  REGIMES,
  regimesOf,
  SEATS,
  type Outcome,
  type Proceeding,
  type RecusalGround,
  type RoundSeal,
  type SubjectAttendance,
} from '../domain';
import type { ProceedingDoc } from '../proceedings/proceeding-record';

/** What the minutes are written from: the record of the proceeding, the sealed rounds, the names in the registry. */
export interface MinutesInput {
  doc: ProceedingDoc;
  seals: readonly RoundSeal[];
  nameOf: (officerId: string) => string | undefined;
  unitName: (unitId: string) => string | undefined;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `dd/mm/yyyy`, as Vietnamese documents write a day. */
const vnDate = (day: number) => {
  const [y, m, d] = isoFromDay(day).split('-');
  return `${d}/${m}/${y}`;
};

const SEAT_LABELS = { chair: 'Chủ tịch Hội đồng', member_1: 'Ủy viên', member_2: 'Ủy viên' } as const;

const ATTENDANCE_LABELS: Record<SubjectAttendance, string> = {
  present: 'có mặt',
  absent_with_valid_reason: 'vắng mặt có lý do chính đáng',
  absent_without_valid_reason: 'vắng mặt không có lý do chính đáng',
  heard_in_absence_on_request: 'vắng mặt, đã có văn bản đề nghị Hội đồng họp vắng mặt',
};

const CHOICE_LABELS: Record<string, string> = {
  discipline: 'Đề nghị xử lý kỷ luật',
  no_discipline: 'Không xử lý kỷ luật',
  abstain: 'Không biểu quyết',
  no_majority: 'Không có hình thức nào đạt quá bán',
  ...Object.fromEntries(Object.entries(FORM_LABELS).map(([k, v]: [string, Bilingual]) => [k, v.vi])),
};

const label = (choice: string) => CHOICE_LABELS[choice] ?? choice;

function outcomeText(o: Outcome): string {
  return o.kind === 'disciplined'
    ? `xử lý kỷ luật bằng hình thức ${FORM_LABELS[o.form].vi.toLowerCase()}`
    : 'không xử lý kỷ luật';
}

/** One block of the minutes, in plain text: the HTML and the PDF are both drawn from these. */
export type MinutesBlock =
  | { kind: 'nation'; lines: string[] }
  | { kind: 'title'; text: string }
  | { kind: 'ref'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'para'; text: string; style?: 'quote' | 'note' }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; header: [string, string]; rows: [string, string][] }
  | { kind: 'commitment'; label: string; value: string }
  | { kind: 'signatures'; seats: { role: string; name: string }[] };

/**
 * The minutes of the council's meeting (biên bản họp Hội đồng kỷ luật), in Vietnamese, generated
 * from the record: the council and any recusal, the summons and the subject's attendance, the
 * breaches, the subject's written response, each secret-ballot round with its tally and
 * commitment, and the recommendation. Like the store and the topic, the minutes never say who
 * voted what: the tally, and who took part.
 */
export function minutesBlocks({ doc, seals, nameOf, unitName }: MinutesInput): MinutesBlock[] {
  const p: Proceeding = doc.proceeding;
  const who = (id: string | undefined) => (id === undefined ? '—' : `${nameOf(id) ?? id} (${id})`);
  const lastCall = p.calls.at(-1);
  const out: MinutesBlock[] = [
    { kind: 'nation', lines: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập – Tự do – Hạnh phúc'] },
    { kind: 'title', text: 'BIÊN BẢN HỌP HỘI ĐỒNG KỶ LUẬT' },
    { kind: 'ref', text: `Vụ việc ${doc._id}` },
    { kind: 'heading', text: 'I. Người bị xem xét kỷ luật' },
    { kind: 'para', text: `${who(doc.officerId)}, ${unitName(doc.unitId) ?? doc.unitId}.` },
    {
      kind: 'para',
      text: `Chế độ kỷ luật áp dụng theo thời điểm có hành vi vi phạm (${[...new Set(p.findings.map((f) => f.factsOn))]
        .map((d) => vnDate(d))
        .join(', ')}): ${regimesOf(p)
        .map((id) => REGIMES[id].label.vi)
        .join('; ')}.`,
    },
  ];
  if (p.council) {
    out.push(
      { kind: 'heading', text: 'II. Thành phần Hội đồng' },
      { kind: 'list', items: SEATS.map((s) => `${SEAT_LABELS[s]}: ${who(p.council?.[s])}`) },
    );
    if (doc.recusals.length > 0)
      out.push(
        { kind: 'para', text: 'Thay đổi thành viên do phải từ chối tham gia:' },
        {
          kind: 'list',
          items: doc.recusals.map(
            (r) =>
              `${who(r.officerId)} không tham gia Hội đồng (${r.grounds
                .map((g: RecusalGround) => RECUSAL_LABELS[g].vi.toLowerCase())
                .join('; ')}); ${r.replacedBy ? `thay bằng ${who(r.replacedBy)}` : 'chưa có người thay'}.`,
          ),
        },
      );
  }
  if (lastCall) {
    out.push(
      { kind: 'heading', text: 'III. Triệu tập và thời gian họp' },
      {
        kind: 'list',
        items: p.calls.map(
          (c, i) =>
            `Lần ${i + 1}: giấy triệu tập ngày ${vnDate(c.summonedOn)}, họp ngày ${vnDate(c.meetingOn)}${
              c.subject ? `; người bị xem xét kỷ luật ${ATTENDANCE_LABELS[c.subject]}` : ''
            }.`,
        ),
      },
    );
    if (p.metOn !== undefined)
      out.push({ kind: 'para', text: `Hội đồng họp ngày ${vnDate(p.metOn)}, có mặt đủ ba thành viên.` });
  }
  out.push(
    { kind: 'heading', text: 'IV. Nội dung vi phạm' },
    {
      kind: 'list',
      items: doc.findings.flatMap((f) => {
        // The day of the act, as the proceeding dated it (the evidence's earliest event).
        const judged = p.findings.find((x) => x.findingId === f.findingId);
        if (judged === undefined) return [];
        return [
          `${f.title.vi} (${f.ruleId}, phát hiện ${f.findingId}; ngày vi phạm ${vnDate(judged.factsOn)}). Kết luận kiểm tra: ${
            f.conclusion.reasoning
          }${f.legalBasis ? `. Căn cứ: ${f.legalBasis}` : ''}.`,
        ];
      }),
    },
    { kind: 'heading', text: 'V. Ý kiến của người bị xem xét kỷ luật' },
  );
  if (doc.submissions.length === 0) out.push({ kind: 'para', text: 'Không có bản giải trình bằng văn bản.' });
  for (const s of doc.submissions) {
    out.push({ kind: 'para', text: s.text, style: 'quote' });
    if (s.documents.length > 0)
      out.push({ kind: 'para', text: `Tài liệu kèm theo: ${s.documents.map((d) => d.name).join(', ')}.` });
  }
  out.push({ kind: 'heading', text: 'VI. Kết quả bỏ phiếu kín' });
  if (seals.length === 0) out.push({ kind: 'para', text: 'Chưa bỏ phiếu.' });
  seals.forEach((s, i) => {
    const question = s.question === 'discipline' ? 'Có xử lý kỷ luật hay không' : 'Hình thức kỷ luật áp dụng';
    out.push(
      { kind: 'subheading', text: `Vòng ${i + 1}: ${question}` },
      { kind: 'para', text: `Số thành viên bỏ phiếu: ${s.members.length}/${s.members.length}.` },
      {
        kind: 'table',
        header: ['Lựa chọn', 'Số phiếu'],
        rows: s.choices.map((c): [string, string] => [label(c), String(s.tally[c] ?? 0)]),
      },
      { kind: 'para', text: `Kết quả: ${label(s.result.outcome)}.` },
      { kind: 'commitment', label: 'Mã cam kết kiểm phiếu (SHA-256):', value: s.commitment },
    );
  });
  out.push({
    kind: 'para',
    style: 'note',
    text: 'Phiếu được bỏ kín: biên bản, cơ sở dữ liệu và các thông báo chỉ ghi số phiếu và những người đã bỏ phiếu, không ghi ai bỏ phiếu thế nào. Mỗi thành viên tự kiểm tra phiếu của mình bằng biên nhận; bất kỳ ai cũng có thể kiểm phiếu lại từ mã cam kết.',
  });
  if (p.recommendation)
    out.push(
      { kind: 'heading', text: 'VII. Kiến nghị của Hội đồng' },
      {
        kind: 'para',
        text: `Ngày ${vnDate(p.recommendation.on)}, Hội đồng kiến nghị ${outcomeText(p.recommendation.outcome)}.`,
      },
    );
  out.push({
    kind: 'signatures',
    seats: SEATS.map((s) => ({ role: SEAT_LABELS[s], name: nameOf(p.council?.[s] ?? '') ?? p.council?.[s] ?? '' })),
  });
  return out;
}

/** The minutes as an HTML page (every text escaped). */
export function renderMinutes(input: MinutesInput): string {
  const body = minutesBlocks(input)
    .map((b): string => {
      switch (b.kind) {
        case 'nation':
          return `<p class="nation">${b.lines.map(esc).join('<br>')}</p>`;
        case 'title':
          return `<h1>${esc(b.text)}</h1>`;
        case 'ref':
          return `<p class="ref">${esc(b.text)}</p>`;
        case 'heading':
          return `<h2>${esc(b.text)}</h2>`;
        case 'subheading':
          return `<h3>${esc(b.text)}</h3>`;
        case 'para':
          return b.style === 'quote'
            ? `<blockquote>${esc(b.text)}</blockquote>`
            : `<p${b.style === 'note' ? ' class="note"' : ''}>${esc(b.text)}</p>`;
        case 'list':
          return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
        case 'table':
          return `<table><thead><tr>${b.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
            .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
            .join('')}</tbody></table>`;
        case 'commitment':
          return `<p class="commitment">${esc(b.label)} <code>${esc(b.value)}</code></p>`;
        case 'signatures':
          return `<footer><table class="signatures"><tr>${b.seats
            .map((s) => `<td>${esc(s.role)}<br><br><br>${esc(s.name)}</td>`)
            .join('')}</tr></table></footer>`;
      }
    })
    .join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Biên bản họp Hội đồng kỷ luật ${esc(
    input.doc._id,
  )}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

const STYLE = `body{font-family:"Times New Roman",serif;font-size:13pt;margin:2cm;line-height:1.4}
h1{text-align:center;font-size:15pt}h2{font-size:13pt}h3{font-size:13pt;font-style:italic}
.nation,.ref{text-align:center}table{border-collapse:collapse}td,th{border:1px solid #444;padding:2px 8px}
.signatures td{border:none;text-align:center;width:33%;vertical-align:top}code{font-size:9pt;word-break:break-all}
blockquote{margin:0 1cm;font-style:italic}.note{font-size:11pt}`;
