import { documentProblem } from './documents';

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
