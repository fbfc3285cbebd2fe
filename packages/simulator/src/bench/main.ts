/**
 * `npm run bench -- [--events N] [--seed S] [--anomalies RATE] [--latency-seconds S] [--no-record]`
 *
 * Measures the pipeline end to end on this machine and prints one JSON line; unless
 * `--no-record`, appends a dated row to docs/benchmarks.md. Starts the local infrastructure
 * (`deploy/local/stack.mjs infra`) when Kafka or the store is not already listening, and stops
 * what it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCommonConfig } from '@thads/platform';
import { portOpen, runBench, type BenchResult } from './run';

const repoRoot = resolve(__dirname, '../../../..');

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string' },
      seed: { type: 'string' },
      anomalies: { type: 'string' },
      'latency-seconds': { type: 'string' },
      'no-record': { type: 'boolean' },
    },
    strict: true,
  });
  const num = (name: string, raw: string | undefined, fallback: number) => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} ${raw} is not valid`);
    return n;
  };
  return {
    events: num('events', values.events, 1_000_000),
    seed: num('seed', values.seed, 7),
    anomalyRate: num('anomalies', values.anomalies, 0.01),
    latencySeconds: num('latency-seconds', values['latency-seconds'], 30),
    record: !values['no-record'],
  };
}

function hostPort(url: string, fallback: number): [string, number] {
  const m = /^(?:[a-z]+:\/\/)?([^:/]+):(\d+)/.exec(url);
  return m ? [m[1]!, Number(m[2])] : ['127.0.0.1', fallback];
}

/** Starts the infrastructure if Kafka or the store is not answering; returns how to stop it again. */
async function ensureInfrastructure(brokers: string[], mongoUrl: string): Promise<() => Promise<void>> {
  const [kh, kp] = hostPort(brokers[0]!, 9092);
  const [mh, mp] = hostPort(mongoUrl, 27017);
  if ((await portOpen(kh, kp)) && (await portOpen(mh, mp))) return () => Promise.resolve();
  process.stderr.write('[bench] starting the local infrastructure (deploy/local/stack.mjs infra)\n');
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'deploy/local/stack.mjs'), 'infra'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  await new Promise<void>((ok, fail) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      process.stderr.write(b);
      if (out.includes('infrastructure ready')) ok();
    });
    child.once('exit', (code) => fail(new Error(`the infrastructure did not start (exit ${code})`)));
  });
  return async () => {
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(child.pid!, 'SIGINT');
    await exited;
  };
}

const TABLE_HEADER =
  '| date | events | throughput (events/s) | bare-consumer ceiling (events/s) | ratio | latency p50 / p99 at half load (ms) | heap / RSS per 100k cases (MB) | recall / precision |';

function row(r: BenchResult): string {
  const mb = (b: number) => (b / 1_048_576).toFixed(1);
  return `| ${r.date.slice(0, 16).replace('T', ' ')} UTC | ${r.events.toLocaleString('en')} | ${r.throughput.eventsPerSecond.toLocaleString('en')} | ${r.ceiling.eventsPerSecond.toLocaleString('en')} | ${r.ratio.toFixed(2)} | ${r.latency.p50Ms} / ${r.latency.p99Ms} (at ${r.latency.achievedRate.toLocaleString('en')}/s) | ${mb(r.memory.heapBytesPer100kCases)} / ${mb(r.memory.rssBytesPer100kCases)} | ${r.quality.recall.toFixed(4)} / ${r.quality.precision.toFixed(4)} |`;
}

function record(r: BenchResult): void {
  const path = join(repoRoot, 'docs/benchmarks.md');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const lines = [];
  if (!text.includes(TABLE_HEADER))
    lines.push('', '## Results (appended by `npm run bench`)', '', TABLE_HEADER, '|---|---|---|---|---|---|---|---|');
  lines.push(row(r));
  appendFileSync(path, `${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const config = loadCommonConfig(process.env);
  const stop = await ensureInfrastructure(config.kafkaBrokers, config.mongoUrl);
  try {
    const result = await runBench({
      ...opts,
      brokers: config.kafkaBrokers,
      mongoUrl: config.mongoUrl,
      partitions: 6,
      repoRoot,
      log: (line) => process.stderr.write(`[bench] ${line}\n`),
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (opts.record) record(result);
  } finally {
    await stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
