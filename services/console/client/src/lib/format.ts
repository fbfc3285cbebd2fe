/**
 * How the console writes money, dates and times: Vietnamese conventions whatever the language
 * of the interface (dates dd/mm/yyyy in Asia/Ho_Chi_Minh, money "250.000.000 đ"), the way the
 * offices' own documents write them. Pure, unit-tested.
 */

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const money = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const number = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
const date = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const time = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** 250000000 → "250.000.000 đ". */
export function formatMoney(vnd: number | null | undefined): string {
  if (vnd === null || vnd === undefined || !Number.isFinite(vnd)) return '—';
  return `${money.format(Math.round(vnd))} đ`;
}

/** 12345.67 → "12.345,7". */
export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return number.format(n);
}

/** 0.8312 → "83,1%". */
export function formatRate(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${number.format(fraction * 100)}%`;
}

function parse(value: string | number | Date): Date | undefined {
  // A bare day (YYYY-MM-DD) is a calendar day, not UTC midnight: read it as noon in Vietnam.
  const d =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T12:00:00+07:00`)
      : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Any instant or day → "dd/mm/yyyy" in Vietnam time. */
export function formatDate(value: string | number | Date | null | undefined): string {
  const d = value === null || value === undefined ? undefined : parse(value);
  return d ? date.format(d) : '—';
}

/** An instant → "dd/mm/yyyy HH:mm" in Vietnam time. */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  const d = value === null || value === undefined ? undefined : parse(value);
  return d ? `${date.format(d)} ${time.format(d)}` : '—';
}

/** The calendar day (YYYY-MM-DD) of an instant in Vietnam time. */
export function vietnamDay(value: string | number | Date): string {
  const d = parse(value);
  if (!d) throw new Error(`not a date: ${String(value)}`);
  const [dd, mm, yyyy] = date.format(d).split('/');
  return `${yyyy}-${mm}-${dd}`;
}
