import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import type { TopicKey } from '@thads/contracts';
import type { KafkaBus } from '@thads/messaging';
import { waitFor } from './harness';

/*
 * The services as processes, for the tests and tools that disturb them (pause, kill, restart):
 * a child started from its build with its log kept, a watch on its `/health`, a steady feed of
 * batches, and the check that a set of consumer groups has committed everything.
 */

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** A service started from its build, as deployed, with its log lines kept (and echoed with IT_LOG). */
export class Child {
  readonly lines: { at: number; text: string }[] = [];
  private readonly process: ChildProcess;

  constructor(name: string, main: string, env: NodeJS.ProcessEnv) {
    this.process = spawn(process.execPath, [main], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.process.stdout, this.process.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const text of parts) {
          this.lines.push({ at: Date.now(), text });
          if (process.env['IT_LOG']) process.stderr.write(`[${name}] ${text}\n`);
        }
      });
    }
  }

  /** Log lines written since `since` that contain `text`. */
  logged(text: string, since: number): { at: number; text: string }[] {
    return this.lines.filter((l) => l.at >= since && l.text.includes(text));
  }

  /** Stops the process for `ms` (SIGSTOP … SIGCONT); resolves with the moment it runs again. */
  async pause(ms: number): Promise<number> {
    this.process.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, ms));
    this.process.kill('SIGCONT');
    return Date.now();
  }

  /** `kill -9`: no shutdown hook runs, nothing is flushed or committed. Resolves once it has exited. */
  async kill(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((r) => this.process.once('exit', r));
    this.process.kill('SIGKILL');
    await exited;
  }

  get exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((r) => this.process.once('exit', r));
    this.process.kill('SIGCONT');
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Polls a `/health` endpoint a few times a second and keeps every answer, so that the test can
 * say when it turned 200 for good — not merely that some later poll happened to be 200.
 */
export class HealthWatch {
  private readonly samples: { at: number; status: number; down: string }[] = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(readonly url: string) {
    this.loop = (async () => {
      while (this.running) {
        this.samples.push(await this.probe());
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
  }

  private async probe(): Promise<{ at: number; status: number; down: string }> {
    try {
      const res = await fetch(this.url, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json()) as { components?: Record<string, { up: boolean; detail?: string }> };
      const down = Object.entries(body.components ?? {})
        .filter(([, c]) => !c.up)
        .map(([k, c]) => `${k}: ${c.detail ?? 'down'}`)
        .join('; ');
      return { at: Date.now(), status: res.status, down };
    } catch (err) {
      return { at: Date.now(), status: 0, down: `no answer: ${(err as Error).message}` };
    }
  }

  get latest(): number {
    return this.samples.at(-1)?.status ?? 0;
  }

  /** When the answers since `since` last turned 200 (undefined while the latest is not 200). */
  healthySince(since: number): number | undefined {
    if (this.latest !== 200) return undefined;
    let at: number | undefined;
    for (const s of this.samples) if (s.at >= since) at = s.status === 200 ? (at ?? s.at) : undefined;
    return at;
  }

  /** The distinct reasons for 503 seen since `since`, in order (for the test's report). */
  downReasons(since: number): string[] {
    return [...new Set(this.samples.filter((s) => s.at >= since && s.status !== 200).map((s) => s.down))];
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/** Publishes batch 0, 1, … `gapMs` apart, in the background, until all `batches` are out. */
export function publishSteadily(send: (batch: number) => Promise<void>, batches: number, gapMs: number) {
  let next = 0;
  const done = (async () => {
    while (next < batches) {
      await send(next);
      next += 1;
      await new Promise((r) => setTimeout(r, gapMs));
    }
  })();
  return {
    get sent() {
      return next;
    },
    until: (count: number) => waitFor(`${count} batches published`, () => next >= count, 120_000),
    finish: () => done,
  };
}

/** True once every group has committed all of its topics; otherwise throws the lags (the timeout's message). */
export async function allCommitted(bus: KafkaBus, groups: [string, TopicKey[]][]): Promise<true> {
  const lags: Record<string, number> = {};
  for (const [group, topics] of groups) lags[group] = await bus.lag(group, topics);
  if (Object.values(lags).some((lag) => lag !== 0)) throw new Error(`uncommitted: ${JSON.stringify(lags)}`);
  return true;
}
