/**
 * How figures are written in the reports leadership files: Vietnamese conventions by default
 * (dd/mm/yyyy, "." between thousands, "," before decimals, money followed by "đ"), English on
 * request.
 */
export type Lang = 'vi' | 'en';

const NUMBER: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }),
};
const PERCENT: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

const DECIMAL: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
};

/** 2.25 → "2,3" (vi) or "2.3" (en): one decimal; nothing to show → "—". */
export const decimal = (n: number | null, lang: Lang): string => (n === null ? '—' : DECIMAL[lang].format(n));

/** 250000000 → "250.000.000" (vi) or "250,000,000" (en). */
export const count = (n: number, lang: Lang): string => NUMBER[lang].format(n);

/** 250000000 → "250.000.000 đ" (vi) or "VND 250,000,000" (en). */
export const money = (vnd: number, lang: Lang): string =>
  lang === 'vi' ? `${NUMBER.vi.format(vnd)} đ` : `VND ${NUMBER.en.format(vnd)}`;

/** 0.839 → "83,90 %" (vi) or "83.90 %" (en); no rate → "—". */
export const percent = (fraction: number | null, lang: Lang): string =>
  fraction === null ? '—' : `${PERCENT[lang].format(fraction * 100)} %`;

/** "2025-10-01" → "01/10/2025" (both languages: the Vietnamese form is the official one). */
export const day = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The day before `iso` (the last day of a period that ends before `iso`). */
export function dayBefore(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
