import type { Period } from './periods';

/**
 * The statistics report leadership files, as the insight service makes it: an Excel workbook or
 * a PDF of the unit and its area offices for the period, in the interface's language.
 */
export type ReportKind = 'xlsx' | 'pdf';

/** The report's address on the console's origin (the session cookie authenticates it). */
export function reportUrl(kind: ReportKind, unitId: string, period: Period, lang: 'vi' | 'en'): string {
  const q = new URLSearchParams({ unitId, from: period.from, to: period.to, lang });
  return `/api/insight/reports/statistics.${kind}?${q.toString()}`;
}

/**
 * The file name a response names in its Content-Disposition (`filename*=UTF-8''…` first, then
 * `filename="…"`), or the fallback.
 */
export function filenameOf(contentDisposition: string | null, fallback: string): string {
  if (!contentDisposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(contentDisposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;\s]+)/.exec(contentDisposition);
  return plain?.[1] ?? plain?.[2] ?? fallback;
}
