import { fileTypeProblem } from './file-types';

describe('attachment types', () => {
  it('accepts content that matches its declared type', () => {
    expect(fileTypeProblem('application/pdf', Buffer.from('%PDF-1.7\n...'))).toBeUndefined();
    expect(
      fileTypeProblem('image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])),
    ).toBeUndefined();
    expect(fileTypeProblem('text/plain', Buffer.from('Biên bản xác minh'))).toBeUndefined();
  });

  it('refuses other types, empty files and content that lies about its type', () => {
    expect(fileTypeProblem('application/x-msdownload', Buffer.from('MZ'))).toMatch(/not accepted/);
    expect(fileTypeProblem('application/pdf', Buffer.alloc(0))).toMatch(/empty/);
    expect(fileTypeProblem('application/pdf', Buffer.from('MZ\x90\x00'))).toMatch(/not a application\/pdf file/);
    expect(fileTypeProblem('text/plain', Buffer.from([0x41, 0x00, 0x42]))).toMatch(/not a text\/plain/);
  });
});
