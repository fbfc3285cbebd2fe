import { cause, chainsFor, outcome } from './audit-verification';

describe('audit chain verification on the console', () => {
  it('offers each chain to the roles its service lets verify it', () => {
    expect(chainsFor(['admin'])).toEqual(['inspection', 'discipline']);
    expect(chainsFor(['inspection_supervisor'])).toEqual(['inspection']);
    expect(chainsFor(['committee_chair', 'inspector'])).toEqual(['discipline']);
    expect(chainsFor(['inspector', 'leadership'])).toEqual([]);
  });

  it('reads an intact chain and a broken one with its first bad entry', () => {
    expect(outcome({ ok: true, entries: 42 })).toEqual({ kind: 'intact', entries: 42 });
    expect(outcome({ ok: false, entries: 7, firstBad: 7, reason: 'content does not match its hash' })).toEqual({
      kind: 'broken',
      entries: 7,
      firstBad: 7,
      cause: { kind: 'altered' },
    });
  });

  it('never calls intact an answer that says not ok without naming an entry', () => {
    expect(outcome({ ok: false, entries: 3 })).toEqual({
      kind: 'broken',
      entries: 3,
      firstBad: 0,
      cause: { kind: 'other', text: '' },
    });
  });

  it("words each reason of packages/audit's verifyChain, and keeps an unknown one as the service said it", () => {
    expect(cause('does not link to the entry before it')).toEqual({ kind: 'unlinked' });
    expect(cause('sequence jumps from 4 to 6')).toEqual({ kind: 'gap', from: 4, to: 6 });
    expect(cause('key mismatch')).toEqual({ kind: 'other', text: 'key mismatch' });
  });
});
