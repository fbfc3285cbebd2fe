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

/**
 * The minutes of the council's meeting (biên bản họp Hội đồng kỷ luật), in Vietnamese, as HTML
 * generated from the record: the council and any recusal, the summons and the subject's
 * attendance, the breaches, the subject's written response, each secret-ballot round with its
 * tally and commitment, and the recommendation. Like the store and the topic, the minutes never
 * say who voted what: the tally, and who took part.
 */
export function renderMinutes({ doc, seals, nameOf, unitName }: MinutesInput): string {
  const p: Proceeding = doc.proceeding;
  const who = (id: string | undefined) => (id === undefined ? '—' : `${esc(nameOf(id) ?? id)} (${esc(id)})`);
  const lastCall = p.calls.at(-1);
  const parts: string[] = [];
  parts.push(
    `<header><p class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập – Tự do – Hạnh phúc</p>`,
    `<h1>BIÊN BẢN HỌP HỘI ĐỒNG KỶ LUẬT</h1>`,
    `<p class="ref">Vụ việc ${esc(doc._id)}</p></header>`,
  );
  parts.push(
    `<section><h2>I. Người bị xem xét kỷ luật</h2><p>${who(doc.officerId)}, ${esc(unitName(doc.unitId) ?? doc.unitId)}.</p>`,
    `<p>Chế độ kỷ luật áp dụng theo thời điểm có hành vi vi phạm (${[...new Set(p.findings.map((f) => f.factsOn))]
      .map((d) => vnDate(d))
      .join(', ')}): ${esc(
      regimesOf(p)
        .map((id) => REGIMES[id].label.vi)
        .join('; '),
    )}.</p></section>`,
  );
  if (p.council) {
    const seats = SEATS.map((s) => `<li>${SEAT_LABELS[s]}: ${who(p.council?.[s])}</li>`).join('');
    const changes = doc.recusals
      .map(
        (r) =>
          `<li>${who(r.officerId)} không tham gia Hội đồng (${r.grounds
            .map((g: RecusalGround) => esc(RECUSAL_LABELS[g].vi.toLowerCase()))
            .join('; ')}); ${r.replacedBy ? `thay bằng ${who(r.replacedBy)}` : 'chưa có người thay'}.</li>`,
      )
      .join('');
    parts.push(
      `<section><h2>II. Thành phần Hội đồng</h2><ul>${seats}</ul>`,
      changes ? `<p>Thay đổi thành viên do phải từ chối tham gia:</p><ul>${changes}</ul>` : '',
      `</section>`,
    );
  }
  if (lastCall) {
    const calls = p.calls
      .map(
        (c, i) =>
          `<li>Lần ${i + 1}: giấy triệu tập ngày ${vnDate(c.summonedOn)}, họp ngày ${vnDate(c.meetingOn)}${
            c.subject ? `; người bị xem xét kỷ luật ${ATTENDANCE_LABELS[c.subject]}` : ''
          }.</li>`,
      )
      .join('');
    parts.push(`<section><h2>III. Triệu tập và thời gian họp</h2><ul>${calls}</ul>`);
    if (p.metOn !== undefined) parts.push(`<p>Hội đồng họp ngày ${vnDate(p.metOn)}, có mặt đủ ba thành viên.</p>`);
    parts.push(`</section>`);
  }
  const findings = doc.findings
    .filter((f) => p.findings.some((x) => x.findingId === f.findingId))
    .map(
      (f) =>
        `<li><strong>${esc(f.title.vi)}</strong> (${esc(f.ruleId)}, phát hiện ${esc(f.findingId)}; ngày vi phạm ${esc(
          f.detectedAt.slice(0, 10),
        )}). Kết luận kiểm tra: ${esc(f.conclusion.reasoning)}${f.legalBasis ? `. Căn cứ: ${esc(f.legalBasis)}` : ''}.</li>`,
    )
    .join('');
  parts.push(`<section><h2>IV. Nội dung vi phạm</h2><ul>${findings}</ul></section>`);
  const responses = doc.submissions
    .map(
      (s) =>
        `<blockquote>${esc(s.text)}</blockquote>${
          s.documents.length > 0 ? `<p>Tài liệu kèm theo: ${s.documents.map((d) => esc(d.name)).join(', ')}.</p>` : ''
        }`,
    )
    .join('');
  parts.push(
    `<section><h2>V. Ý kiến của người bị xem xét kỷ luật</h2>${
      responses || '<p>Không có bản giải trình bằng văn bản.</p>'
    }</section>`,
  );
  const rounds = seals
    .map((s, i) => {
      const question = s.question === 'discipline' ? 'Có xử lý kỷ luật hay không' : 'Hình thức kỷ luật áp dụng';
      const tally = s.choices.map((c) => `<tr><td>${esc(label(c))}</td><td>${s.tally[c] ?? 0}</td></tr>`).join('');
      return (
        `<h3>Vòng ${i + 1}: ${question}</h3>` +
        `<p>Số thành viên bỏ phiếu: ${s.members.length}/${s.members.length}.</p>` +
        `<table><thead><tr><th>Lựa chọn</th><th>Số phiếu</th></tr></thead><tbody>${tally}</tbody></table>` +
        `<p>Kết quả: ${esc(label(s.result.outcome))}.</p>` +
        `<p class="commitment">Mã cam kết kiểm phiếu (SHA-256): <code>${esc(s.commitment)}</code></p>`
      );
    })
    .join('');
  parts.push(
    `<section><h2>VI. Kết quả bỏ phiếu kín</h2>${rounds || '<p>Chưa bỏ phiếu.</p>'}`,
    `<p class="note">Phiếu được bỏ kín: biên bản, cơ sở dữ liệu và các thông báo chỉ ghi số phiếu và những người đã bỏ phiếu, không ghi ai bỏ phiếu thế nào. Mỗi thành viên tự kiểm tra phiếu của mình bằng biên nhận; bất kỳ ai cũng có thể kiểm phiếu lại từ mã cam kết.</p></section>`,
  );
  if (p.recommendation)
    parts.push(
      `<section><h2>VII. Kiến nghị của Hội đồng</h2><p>Ngày ${vnDate(p.recommendation.on)}, Hội đồng kiến nghị ${outcomeText(
        p.recommendation.outcome,
      )}.</p></section>`,
    );
  parts.push(
    `<footer><table class="signatures"><tr>${SEATS.map(
      (s) => `<td>${SEAT_LABELS[s]}<br><br><br>${esc(nameOf(p.council?.[s] ?? '') ?? p.council?.[s] ?? '')}</td>`,
    ).join('')}</tr></table></footer>`,
  );
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Biên bản họp Hội đồng kỷ luật ${esc(
    doc._id,
  )}</title><style>${STYLE}</style></head><body>${parts.join('')}</body></html>`;
}

const STYLE = `body{font-family:"Times New Roman",serif;font-size:13pt;margin:2cm;line-height:1.4}
h1{text-align:center;font-size:15pt}h2{font-size:13pt}h3{font-size:13pt;font-style:italic}
.nation,.ref{text-align:center}table{border-collapse:collapse}td,th{border:1px solid #444;padding:2px 8px}
.signatures td{border:none;text-align:center;width:33%;vertical-align:top}code{font-size:9pt;word-break:break-all}
blockquote{margin:0 1cm;font-style:italic}.note{font-size:11pt}`;
