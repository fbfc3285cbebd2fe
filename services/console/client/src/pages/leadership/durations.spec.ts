import { durationShown } from './durations';

describe('workflow times on the dashboard', () => {
  it('reads a day or more in days and less in hours, and nothing measured as nothing', () => {
    expect(durationShown(26.5)).toEqual({ n: 26.5, unit: 'days' });
    expect(durationShown(1)).toEqual({ n: 1, unit: 'days' });
    expect(durationShown(0.125)).toEqual({ n: 3, unit: 'hours' });
    expect(durationShown(0)).toEqual({ n: 0, unit: 'hours' });
    expect(durationShown(null)).toBeNull();
  });
});
