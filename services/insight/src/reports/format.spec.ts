import { count, day, dayBefore, money, percent } from './format';
import { statisticalYear } from './targets';

describe('report formatting', () => {
  it('writes money, counts, rates and dates the Vietnamese way, English on request', () => {
    expect(money(250_000_000, 'vi')).toBe('250.000.000 đ');
    expect(money(250_000_000, 'en')).toBe('VND 250,000,000');
    expect(count(16_333, 'vi')).toBe('16.333');
    expect(percent(0.8516, 'vi')).toBe('85,16 %');
    expect(percent(0.8516, 'en')).toBe('85.16 %');
    expect(percent(null, 'vi')).toBe('—');
    expect(day('2025-10-01')).toBe('01/10/2025');
  });

  it('names the last day of a period and its statistical year (1 October to 30 September)', () => {
    expect(dayBefore('2026-01-01')).toBe('2025-12-31');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(statisticalYear('2025-09-30')).toBe(2025);
    expect(statisticalYear('2025-10-01')).toBe(2026);
  });
});
