/**
 * The error codes of the HTTP API, shared by every service and the web console: each error
 * answer is `{ code, message: { vi, en }, field?, correlationId }`, and the console translates
 * by `code` (with the answer's `params`). Codes are stable: add new ones, never rename one.
 * `{name}` in a message is replaced by the parameter of that name.
 */
export const API_ERRORS = {
  VALIDATION_FAILED: { vi: 'Trường {field} không hợp lệ: {reason}', en: '{field}: {reason}' },
  UNAUTHENTICATED: {
    vi: 'Vui lòng đăng nhập (Authorization: Bearer <mã truy cập>)',
    en: 'sign in first (Authorization: Bearer <access token>)',
  },
  SIGN_IN_FAILED: {
    vi: 'Sai tên đăng nhập hoặc mật khẩu (sau 5 lần sai trong 15 phút, tài khoản bị khóa 15 phút)',
    en: 'wrong user name or password (five failures within 15 minutes lock the account for 15 minutes)',
  },
  ACCOUNT_LOCKED: {
    vi: 'Đăng nhập sai quá nhiều lần: thử lại sau 15 phút',
    en: 'too many failed sign-ins: try again in 15 minutes',
  },
  RATE_LIMITED: {
    vi: 'Quá nhiều lần thử từ địa chỉ này hoặc cho tài khoản này: vui lòng thử lại sau {seconds} giây',
    en: 'too many attempts from this address or for this account: try again in {seconds} seconds',
  },
  REFRESH_INVALID: {
    vi: 'Mã làm mới không tồn tại, đã hết hạn hoặc đã được dùng',
    en: 'refresh token unknown, expired or already used',
  },
  ROLE_REQUIRED: { vi: 'Cần một trong các vai trò: {roles}', en: 'needs one of the roles: {roles}' },
  CLOSED_ENDPOINT: { vi: 'Không ai được gọi chức năng này', en: 'no one may call this' },
  OUT_OF_SCOPE: {
    vi: '{what} thuộc đơn vị {unitId}, ngoài phạm vi của bạn',
    en: '{what} belongs to unit {unitId}, outside your scope',
  },
  UNIT_OUT_OF_SCOPE: { vi: 'Đơn vị {unitId} nằm ngoài phạm vi của bạn', en: 'unit {unitId} is outside your scope' },
  NOT_ASSIGNED: {
    vi: 'Phát hiện {findingId} được giao cho {assignee}',
    en: 'finding {findingId} is assigned to {assignee}',
  },
  NOT_ASSIGNED_YET: {
    vi: 'Phát hiện {findingId} chưa được giao cho ai',
    en: 'finding {findingId} is not assigned to anyone yet',
  },
  CONCERNED_PARTY: {
    vi: 'Bạn không được xử lý phát hiện {findingId}: {reason}',
    en: 'you may not act on finding {findingId}: {reason}',
  },
  DENOUNCER_WITHHELD: {
    vi: 'Danh tính người tố cáo được giữ kín: {reason}',
    en: "the denouncer's identity is withheld: {reason}",
  },
  NOT_FOUND: { vi: 'Không tìm thấy {what}', en: 'no {what}' },
  ROUTE_NOT_FOUND: { vi: 'Không có địa chỉ {method} {path}', en: 'no route {method} {path}' },
  ILLEGAL_TRANSITION: {
    vi: 'Không thể chuyển phát hiện từ {from} sang {to}',
    en: 'a finding cannot move from {from} to {to}',
  },
  CHANGED_MEANWHILE: { vi: 'Phát hiện đã thay đổi trong lúc bạn thao tác', en: 'the finding changed meanwhile' },
  INSPECTION_CLOSED: {
    vi: 'Cuộc kiểm tra của phát hiện {findingId} không còn mở',
    en: 'the inspection of finding {findingId} is no longer open',
  },
  FINDING_FINAL: {
    vi: 'Phát hiện {findingId} đã kết thúc ({status}): không thể ghi thêm',
    en: 'finding {findingId} is {status}: its working papers are closed',
  },
  FINDING_SUPPRESSED: {
    vi: 'Phát hiện {findingId} đang tạm ẩn ({suppressionId}): hủy tạm ẩn trước',
    en: 'finding {findingId} is held by suppression {suppressionId}: lift it first',
  },
  SUPPRESSION_CONCERNED: {
    vi: 'Bạn không được tạm ẩn phát hiện của đơn vị {unitId}: {reason}',
    en: 'you may not suppress the findings of unit {unitId}: {reason}',
  },
  SUPPRESSION_ENDED: {
    vi: 'Việc tạm ẩn {suppressionId} đã kết thúc ({state})',
    en: 'suppression {suppressionId} has ended ({state})',
  },
  ALREADY_EXISTS: { vi: '{what} đã tồn tại', en: '{what} exists' },
  FOUR_EYES: {
    vi: 'Cần một quản trị viên thứ hai: {reason}',
    en: 'a second administrator is needed: {reason}',
  },
  PAYLOAD_TOO_LARGE: { vi: 'Dữ liệu gửi lên vượt quá giới hạn {limit}', en: 'the request body is larger than {limit}' },
  UNSUPPORTED_CONTENT: { vi: 'Loại nội dung không được hỗ trợ: {reason}', en: 'unsupported content: {reason}' },
  BAD_REQUEST: { vi: 'Yêu cầu không hợp lệ: {reason}', en: 'bad request: {reason}' },
  INTERNAL: {
    vi: 'Lỗi hệ thống; mã tra cứu đã được ghi lại',
    en: 'internal error; it was logged with this correlation id',
  },
  UNAVAILABLE: { vi: 'Dịch vụ tạm thời không sẵn sàng: {reason}', en: 'temporarily unavailable: {reason}' },
  // Discipline proceedings (services/discipline).
  NO_OFFICER_LINK: {
    vi: 'Tài khoản của bạn chưa được liên kết với một cán bộ trong danh bạ',
    en: 'your account is not linked to an officer of the registry',
  },
  PROCEEDING_CONCERNED: {
    vi: 'Bạn không được xử lý vụ việc kỷ luật {proceedingId}: {reason}',
    en: 'you may not act on proceeding {proceedingId}: {reason}',
  },
  NOT_THE_CHAIR: {
    vi: 'Chỉ Chủ tịch Hội đồng kỷ luật của vụ việc {proceedingId} được thực hiện bước này',
    en: 'only the chair of the council of proceeding {proceedingId} takes this step',
  },
  NOT_A_COUNCIL_MEMBER: {
    vi: 'Chỉ thành viên Hội đồng kỷ luật của vụ việc {proceedingId} được bỏ phiếu',
    en: 'only the members of the council of proceeding {proceedingId} vote',
  },
  NOT_THE_AUTHORITY: {
    vi: 'Chỉ người đứng đầu hoặc cấp phó của đơn vị {unitId} được quyết định kỷ luật',
    en: 'only the head or a deputy head of unit {unitId} decides',
  },
  NOT_THE_SUBJECT: {
    vi: 'Chỉ người bị xem xét kỷ luật trong vụ việc {proceedingId} được thực hiện bước này',
    en: 'only the subject of proceeding {proceedingId} takes this step',
  },
  NOT_THE_REVIEWER: {
    vi: 'Chỉ người giải quyết khiếu nại được chỉ định ({reviewerId}) được giải quyết khiếu nại này',
    en: 'only the reviewer named in the appeal ({reviewerId}) resolves it',
  },
  PROCEEDING_ILLEGAL_STEP: {
    vi: 'Vụ việc kỷ luật đang ở bước {from}: không thể chuyển sang {to}',
    en: 'a proceeding that is {from} cannot move to {to}',
  },
  PROCEEDING_CHANGED: {
    vi: 'Vụ việc kỷ luật đã thay đổi trong lúc bạn thao tác: tải lại và thử lại',
    en: 'the proceeding changed meanwhile: read it again and retry',
  },
  PROCEEDING_STEP_REFUSED: {
    vi: 'Không thể thực hiện bước này: {reason}',
    en: 'this step is refused: {reason}',
  },
  COUNCIL_INVALID: {
    vi: 'Hội đồng kỷ luật không hợp lệ: {reason}',
    en: 'the council is not valid: {reason}',
  },
  COUNCIL_CANNOT_MEET: {
    vi: 'Hội đồng kỷ luật chỉ họp khi đủ ba thành viên hợp lệ có mặt: {reason}',
    en: 'the council meets only with its three valid members present: {reason}',
  },
  SUMMONS_TOO_LATE: {
    vi: 'Giấy triệu tập phải được gửi trước ngày họp ít nhất 5 ngày làm việc: ngày họp sớm nhất là {earliest}',
    en: 'the summons must reach the subject at least 5 working days before the meeting: the earliest meeting day is {earliest}',
  },
  MEETING_DAY_OFF: {
    vi: 'Ngày {day} là ngày nghỉ: chọn một ngày làm việc',
    en: '{day} is a day off: choose a working day',
  },
  SUMMON_AGAIN: {
    vi: 'Phải triệu tập lại người bị xem xét kỷ luật: {reason}',
    en: 'the subject must be summoned again: {reason}',
  },
  FORM_NOT_ALLOWED: {
    vi: 'Không được áp dụng hình thức {form} trong vụ việc này; các hình thức được phép: {allowed}',
    en: 'the form {form} may not be imposed in this proceeding; allowed: {allowed}',
  },
  TIME_TO_DECIDE_PASSED: {
    vi: 'Đã hết thời hạn xử lý kỷ luật (ngày {dueOn})',
    en: 'the time to decide ran out on {dueOn}',
  },
  APPEAL_OUT_OF_TIME: {
    vi: 'Đã hết thời hạn khiếu nại quyết định kỷ luật (ngày {dueOn})',
    en: 'the appeal period ended on {dueOn}',
  },
  NOT_THE_SUPERIOR_AUTHORITY: {
    vi: 'Chỉ người đứng đầu hoặc cấp phó của {unitId}, cơ quan giải quyết khiếu nại quyết định kỷ luật này, được chỉ định người giải quyết khiếu nại',
    en: 'only the head or a deputy head of {unitId}, which handles appeals against this decision, designates the reviewer',
  },
  REVIEWER_NO_LONGER_ELIGIBLE: {
    vi: 'Bạn không còn đủ điều kiện giải quyết khiếu nại này: {reason}',
    en: 'you may no longer resolve this appeal: {reason}',
  },
  REVIEWER_CONFLICTED: {
    vi: 'Người này không được giải quyết khiếu nại: {reason}',
    en: 'this reviewer may not review the appeal: {reason}',
  },
  BALLOT_REFUSED: { vi: 'Phiếu không được nhận: {reason}', en: 'ballot refused: {reason}' },
  ROUND_HELD_ELSEWHERE: {
    vi: 'Vòng bỏ phiếu {roundId} đang mở ở một tiến trình khác của dịch vụ: gửi lại phiếu tới tiến trình đó',
    en: 'round {roundId} is open on another instance of the service: send the ballot there',
  },
  // The rule book and the calendar (services/detector).
  RULE_VERSION_NOT_FUTURE: {
    vi: 'Ngày hiệu lực {effectiveFrom} phải sau hôm nay (sớm nhất là {earliest}): các sự việc đến hôm nay đã được đánh giá theo phiên bản đang áp dụng, một phiên bản cho ngày đã đánh giá sẽ làm kết quả phụ thuộc vào thời điểm bộ phát hiện khởi động lại; muốn đánh giá lại một kỳ đã qua, hãy chạy lại (replay) kỳ đó',
    en: 'effectiveFrom {effectiveFrom} must be after today (the earliest is {earliest}): events up to today were judged by the version in force, and a version for a day already judged would make findings depend on when the detector restarted; re-judge a past period with a replay',
  },
  CALENDAR_DAY_PASSED: {
    vi: 'Không thể thay đổi ngày {day}: ngày này đã qua hoặc là hôm nay, các thời hạn đã được tính theo lịch cũ; chỉ thay đổi được các ngày từ {earliest}',
    en: '{day} cannot change: it is past or today, and deadlines were already counted with it; only days from {earliest} may change',
  },
  ROOT_ADMIN_REQUIRED: {
    vi: 'Chỉ quản trị viên của đơn vị cấp cao nhất được thay đổi quy định chung cho mọi đơn vị; quản trị viên đơn vị khác chỉ thêm được phiên bản riêng cho đơn vị trong phạm vi của mình',
    en: 'only an administrator of a root unit changes what applies to every unit; an administrator of another unit may add a version for a unit within their scope',
  },
} as const satisfies Record<string, { vi: string; en: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** An error answer of the HTTP API (every service, every status). */
export interface ApiErrorBody {
  code: ApiErrorCode;
  message: { vi: string; en: string };
  /** The request field that is wrong (400). */
  field?: string;
  /** The values filled into the message, for a client that words it itself. */
  params?: Record<string, string | number>;
  /** Whatever else the caller needs to act (for an illegal transition: the allowed next states). */
  details?: Record<string, unknown>;
  /** Also in the `x-correlation-id` header and in the service's log line for this error. */
  correlationId: string;
}

/** The message of `code` with its parameters filled in, in both languages. */
export function apiErrorMessage(
  code: ApiErrorCode,
  params: Readonly<Record<string, string | number>> = {},
): { vi: string; en: string } {
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      params[name] === undefined ? whole : String(params[name]),
    );
  const t = API_ERRORS[code];
  return { vi: fill(t.vi), en: fill(t.en) };
}
