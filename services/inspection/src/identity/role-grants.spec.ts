import { splitGrant } from './role-grants';

describe('four-eyes on privileged roles', () => {
  it('gives ordinary roles at once and holds back a new privileged one', () => {
    expect(splitGrant([], ['inspector', 'inspection_supervisor'])).toEqual({
      now: ['inspector'],
      pending: ['inspection_supervisor'],
    });
    expect(splitGrant(['inspector'], ['inspector', 'admin', 'committee_chair', 'leadership'])).toEqual({
      now: ['inspector', 'leadership'],
      pending: ['admin', 'committee_chair'],
    });
  });

  it('keeps a privileged role already held, and removing one needs nobody else', () => {
    expect(splitGrant(['admin', 'inspector'], ['admin'])).toEqual({ now: ['admin'], pending: [] });
    expect(splitGrant(['inspection_supervisor'], ['inspector'])).toEqual({ now: ['inspector'], pending: [] });
  });
});
