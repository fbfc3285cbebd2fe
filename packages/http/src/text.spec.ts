import { TypeCompiler } from '@sinclair/typebox/compiler';
import { S } from './api';

describe('S.text', () => {
  const check = TypeCompiler.Compile(S.text(64));

  it('takes Vietnamese names and multi-line notes', () => {
    expect(check.Check('Nguyễn Thị Ánh')).toBe(true);
    expect(check.Check('dòng một\ndòng hai\r\n\tthụt lề')).toBe(true);
  });

  it('refuses NUL and other controls, and text-direction overrides', () => {
    for (const bad of ['a\u0000b', 'a\u0007b', 'a\u007fb', 'invoice\u202Egpj.exe', 'a\u2066b\u2069', '']) {
      expect(check.Check(bad)).toBe(false);
    }
  });
});
