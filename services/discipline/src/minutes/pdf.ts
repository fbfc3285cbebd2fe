import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TIMEOUT_MS = 30_000;
const run = promisify(execFile);

/**
 * Prints HTML as PDF with a headless Chromium (Debian's `chromium`, `--print-to-pdf`), in a
 * throw-away directory. No network: the minutes carry their style inline and load nothing.
 * Rejects when the browser is missing or fails; the caller then answers with the HTML.
 */
export async function htmlToPdf(chromiumPath: string, html: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'thads-minutes-'));
  try {
    const input = join(dir, 'minutes.html');
    const output = join(dir, 'minutes.pdf');
    await writeFile(input, html, 'utf8');
    await run(
      chromiumPath,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-pdf-header-footer',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--print-to-pdf=${output}`,
        `file://${input}`,
      ],
      { timeout: TIMEOUT_MS },
    );
    return await readFile(output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
