import { documentProblem, quotaProblem } from './documents';

describe("the subject's documents", () => {
  it('takes a PDF or plain text whose content is what the header says', () => {
    expect(documentProblem('application/pdf', Buffer.from('%PDF-1.7 …'))).toBeUndefined();
    expect(documentProblem('text/plain', Buffer.from('Bản giải trình', 'utf8'))).toBeUndefined();
  });

  it('refuses another type, an empty file, or content that is not the declared type', () => {
    expect(documentProblem('application/zip', Buffer.from('PK'))).toMatch(/not accepted/);
    expect(documentProblem('application/pdf', Buffer.alloc(0))).toMatch(/empty/);
    expect(documentProblem('application/pdf', Buffer.from('<html>'))).toMatch(/not a application\/pdf/);
  });
});

describe("the subject's documents per proceeding", () => {
  const quota = { documents: 3, bytes: 10 * 1024 * 1024 };
  const used = { documents: 2, bytes: 9 * 1024 * 1024, digests: ['a'.repeat(64), 'b'.repeat(64)] };

  it('takes documents up to the count and the bytes of the quota, and refuses past either, saying which', () => {
    expect(quotaProblem(used, quota, { sha256: 'c'.repeat(64), size: 1024 * 1024 })).toBeUndefined();
    expect(quotaProblem(used, quota, { sha256: 'c'.repeat(64), size: 1024 * 1024 + 1 })).toBe(
      '10 MiB of documents per proceeding (9 MiB uploaded, this one 1 MiB)',
    );
    const full = { documents: 3, bytes: 9 * 1024 * 1024, digests: [...used.digests, 'c'.repeat(64)] };
    expect(quotaProblem(full, quota, { sha256: 'd'.repeat(64), size: 10 })).toBe(
      '3 documents per proceeding (3 uploaded)',
    );
  });

  it('counts a document uploaded again once', () => {
    const full = { documents: 3, bytes: 10 * 1024 * 1024, digests: [...used.digests, 'c'.repeat(64)] };
    expect(quotaProblem(full, quota, { sha256: 'a'.repeat(64), size: 5 * 1024 * 1024 })).toBeUndefined();
  });
});
