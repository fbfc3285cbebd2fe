/** RFC 3339 date-time with a mandatory offset (`Z` or `±hh:mm`), as EVENTS.md requires. */
export const RFC3339_WITH_OFFSET = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|z|[+-]\\d{2}:\\d{2})$';

/** A calendar date without time, `YYYY-MM-DD`. */
export const ISO_DATE = '^\\d{4}-\\d{2}-\\d{2}$';

const rfc3339 = new RegExp(RFC3339_WITH_OFFSET);

/** Parses an RFC 3339 timestamp to epoch milliseconds; NaN when the text is not one. */
export function parseRfc3339(text: string): number {
  if (!rfc3339.test(text)) return Number.NaN;
  // Date.parse accepts the shape but also rolls over impossible dates (2025-02-30): check fields.
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return ms;
  const [datePart] = text.split('T') as [string];
  return isRealDate(datePart) ? ms : Number.NaN;
}

/** True when `YYYY-MM-DD` names a day that exists. */
export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
