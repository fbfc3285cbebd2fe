import { formatDate, formatDateTime, formatMoney, formatRate, vietnamDay } from './format';

describe('Vietnamese formats', () => {
  it('writes money with "." thousands and "đ"', () => {
    expect(formatMoney(250_000_000)).toBe('250.000.000 đ');
    expect(formatMoney(0)).toBe('0 đ');
    expect(formatMoney(1234.6)).toBe('1.235 đ');
    expect(formatMoney(undefined)).toBe('—');
  });

  it('writes days dd/mm/yyyy in Vietnam time, whatever the instant', () => {
    // 17:30 UTC on 31 December is already New Year's Day in Hanoi.
    expect(formatDate('2025-12-31T17:30:00Z')).toBe('01/01/2026');
    expect(formatDate('2025-12-31T16:59:00Z')).toBe('31/12/2025');
    expect(formatDate('2026-07-01')).toBe('01/07/2026');
    expect(formatDateTime('2026-03-04T01:05:00Z')).toBe('04/03/2026 08:05');
    expect(vietnamDay('2025-12-31T17:30:00Z')).toBe('2026-01-01');
    expect(formatDate('not a date')).toBe('—');
  });

  it('writes rates as percentages with a decimal comma', () => {
    expect(formatRate(0.8312)).toBe('83,1%');
    expect(formatRate(1)).toBe('100%');
  });
});
