import { forwardedFor, upstreamFor } from './routes';

describe('the service behind each /api path', () => {
  it('sends the rule book and the calendar to the detector, and nothing that merely starts alike', () => {
    expect(
      [
        '/api/rules',
        '/api/rules/late-decision/versions',
        '/api/calendar/years/2027',
        '/api/rulesx',
        '/api/calendars',
      ].map(upstreamFor),
    ).toEqual(['rules', 'rules', 'rules', 'inspection', 'inspection']);
    expect(['/api/discipline/proceedings', '/api/insight/statistics', '/api/findings'].map(upstreamFor)).toEqual([
      'discipline',
      'insight',
      'inspection',
    ]);
  });
});

describe('the X-Forwarded-For the console sends on', () => {
  it("appends the browser's address to whatever came in", () => {
    expect(forwardedFor(undefined, '203.0.113.9')).toBe('203.0.113.9');
    expect(forwardedFor('10.9.9.9', '203.0.113.9')).toBe('10.9.9.9, 203.0.113.9');
    expect(forwardedFor(['10.9.9.9', '10.8.8.8'], '203.0.113.9')).toBe('10.9.9.9, 10.8.8.8, 203.0.113.9');
    expect(forwardedFor(undefined, undefined)).toBe('');
  });
});
