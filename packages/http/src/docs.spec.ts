import { docsAsset } from './docs';

describe("the API viewer's files", () => {
  it('serves each of its four files with its content type', () => {
    expect(docsAsset('swagger-ui.css')?.contentType).toBe('text/css; charset=utf-8');
    expect(docsAsset('favicon-32x32.png')?.body.length).toBeGreaterThan(0);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', '../package.json', 'index.html', ''])(
    'knows no file named %j (a 404, never a read of it)',
    (name) => {
      expect(docsAsset(name)).toBeUndefined();
    },
  );
});
