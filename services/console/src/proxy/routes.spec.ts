import { upstreamFor } from './routes';

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
