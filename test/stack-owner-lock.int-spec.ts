import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The lock that gives a data directory of the local stack one owner (deploy/local/owner-lock.mjs,
 * taken by deploy/local/stack.mjs before it starts Kafka, FerretDB or Redis): processes that find
 * the same stale lock at once, each pausing between judging it stale and taking it over, end with
 * exactly one owner, whom all the others name. No infrastructure: processes and a temporary directory.
 */
const WORKER = join(__dirname, 'support', 'owner-lock-worker.mjs');

interface Outcome {
  pid: number;
  acquired: boolean;
  owner: number | null;
}

/** Starts n contenders for `lock` that try at the same moment; resolves with what each got. */
async function contend(
  lock: string,
  n: number,
  pauseMs: number,
  mode: 'retry' | 'once',
): Promise<{ outcomes: Outcome[]; end: () => Promise<void> }> {
  // Time for n node processes to start on two cores before they try together.
  const startAt = Date.now() + 1_500 + n * 200;
  const children: ChildProcessWithoutNullStreams[] = [];
  const outcomes = await Promise.all(
    Array.from({ length: n }, () => {
      const child = spawn(process.execPath, [WORKER, lock, String(startAt), String(pauseMs), mode]);
      children.push(child);
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
      return new Promise<Outcome>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line) as Outcome));
        child.once('exit', (code) => reject(new Error(`contender exited ${code} before answering: ${stderr}`)));
      });
    }),
  );
  const end = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.stdin.end();
          }),
      ),
    );
  };
  return { outcomes, end };
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  if (pid === undefined) throw new Error('no process');
  return pid;
}

describe('the local stack’s owner lock (deploy/local/owner-lock.mjs)', () => {
  let dir: string;
  let lock: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'owner-lock-'));
    lock = join(dir, 'owner.lock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Exactly one winner, named by every other contender and in the lock; nothing else left in the directory. */
  async function expectOneOwner(n: number): Promise<void> {
    const { outcomes, end } = await contend(lock, n, 300, 'retry');
    try {
      const winners = outcomes.filter((o) => o.acquired);
      expect(winners).toHaveLength(1);
      const winner = winners[0]!.pid;
      expect(outcomes.filter((o) => !o.acquired).map((o) => o.owner)).toEqual(Array(n - 1).fill(winner));
      expect(readFileSync(lock, 'utf8')).toMatch(new RegExp(`^${winner} [0-9a-f]+\\n$`));
      expect(readdirSync(dir)).toEqual(['owner.lock']);
    } finally {
      await end();
    }
    // The winner released it on its way out.
    expect(existsSync(lock)).toBe(false);
  }

  it('gives the lock of a process that is gone to exactly one of eight processes taking it over at once', async () => {
    for (let round = 0; round < 3; round++) {
      writeFileSync(lock, String(deadPid()));
      await expectOneOwner(8);
    }
  });

  it('gives a lock left empty past the grace period to exactly one of eight processes', async () => {
    writeFileSync(lock, '');
    const past = Date.now() / 1000 - 60;
    utimesSync(lock, past, past);
    await expectOneOwner(8);
  });

  it('leaves alone an empty lock younger than the grace period (one being written) and the lock of a live process', async () => {
    writeFileSync(lock, '');
    const young = await contend(lock, 1, 0, 'once');
    await young.end();
    expect(young.outcomes).toEqual([expect.objectContaining({ acquired: false, owner: null })]);
    expect(readFileSync(lock, 'utf8')).toBe('');

    writeFileSync(lock, `${process.pid} 0123abcd\n`);
    const live = await contend(lock, 2, 0, 'once');
    await live.end();
    expect(live.outcomes.map((o) => [o.acquired, o.owner])).toEqual([
      [false, process.pid],
      [false, process.pid],
    ]);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid} 0123abcd\n`);
  });

  it('leaves alone the temporary file of another contender’s takeover marker, about to be linked (seen deleted in CI)', () => {
    writeFileSync(lock, String(deadPid()));
    // In a process of its own (the module is ESM): a live contender's temporary marker file, as
    // createExclusive writes it before linking it, then a takeover by this process.
    const script = `
      import { inspectLock, tryTakeLock } from ${JSON.stringify(join(__dirname, '..', 'deploy', 'local', 'owner-lock.mjs'))};
      import { existsSync, writeFileSync } from 'node:fs';
      const lock = ${JSON.stringify(lock)};
      const tmp = lock + '.takeover-' + inspectLock(lock).key + '-0.tmp-${process.pid}-abcdef';
      writeFileSync(tmp, '${process.pid} 0\\n');
      const got = await tryTakeLock(lock);
      console.log(JSON.stringify({ acquired: got.acquired, tmpKept: existsSync(tmp) }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim())).toEqual({ acquired: true, tmpKept: true });
  });
});
