import { VN_OFFSET_MS } from './calendar/calendar';

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** 250000000 → "250.000.000 đ" */
export function vndVi(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;
}

/** 250000000 → "250,000,000 VND" */
export function vndEn(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} VND`;
}

function vnParts(ms: number): [number, number, number] {
  const d = new Date(ms + VN_OFFSET_MS);
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
}

/** → "03/03/2025" (Vietnam time) */
export function dateVi(ms: number): string {
  const [y, m, d] = vnParts(ms);
  return `${String(d).padStart(2, '0')}/${String(m + 1).padStart(2, '0')}/${y}`;
}

/** → "3 March 2025" (Vietnam time) */
export function dateEn(ms: number): string {
  const [y, m, d] = vnParts(ms);
  return `${d} ${EN_MONTHS[m] ?? ''} ${y}`;
}

export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
