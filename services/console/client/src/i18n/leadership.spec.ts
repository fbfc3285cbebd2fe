import { leadership } from './leadership';

/** Every key path of a words object, with its value. */
function entries(words: unknown, prefix = ''): [string, unknown][] {
  if (typeof words !== 'object' || words === null) return [[prefix, words]];
  return Object.entries(words).flatMap(([k, v]) => entries(v, prefix ? `${prefix}.${k}` : k));
}

describe("the leadership pages' words", () => {
  it('say the same things in Vietnamese and English: same keys, same placeholders, none empty', () => {
    const vi = new Map(entries(leadership.vi));
    const en = new Map(entries(leadership.en));
    expect([...en.keys()].sort()).toEqual([...vi.keys()].sort());
    const placeholders = (s: unknown) => [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of vi) {
      expect([key, typeof text, String(text).trim().length > 0]).toEqual([key, 'string', true]);
      expect([key, placeholders(text)]).toEqual([key, placeholders(en.get(key))]);
    }
  });

  it('write Vietnamese with its diacritics', () => {
    // A page written without diacritics reads as another language to its users.
    const vi = entries(leadership.vi).map(([, v]) => String(v));
    const withMarks = vi.filter((s) =>
      /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i.test(s),
    );
    expect(withMarks.length / vi.length).toBeGreaterThan(0.9);
  });
});
