/**
 * A one-line progress bar on stderr for the command-line tools (replay, simulate, bench).
 * Redraws at most ten times a second; on a non-terminal stderr it prints a line per 10 %.
 */
export class ProgressBar {
  private lastDraw = 0;
  private lastTenth = -1;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, total: number, detail = ''): void {
    const share = total > 0 ? Math.min(1, done / total) : 0;
    const pct = Math.floor(share * 100);
    if (!this.stream.isTTY) {
      const tenth = Math.floor(share * 10);
      if (tenth > this.lastTenth) {
        this.lastTenth = tenth;
        this.stream.write(`[${this.label}] ${String(pct).padStart(3)}% ${detail}\n`);
      }
      return;
    }
    const now = Date.now();
    if (now - this.lastDraw < 100 && done < total) return;
    this.lastDraw = now;
    const width = 30;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
    this.stream.write(`\r[${this.label}] [${bar}] ${String(pct).padStart(3)}%  ${detail}`);
  }

  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
