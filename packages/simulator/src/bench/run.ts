import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { KafkaBus } from '@thads/messaging';
import { ProgressBar } from '@thads/platform';
import { publishRecords, Router, type OutRecord } from '../publish';
import { simulate, type Simulation } from '../simulation';
import {
  CROSS_CASE_RULES,
  latencies,
  percentile,
  PublishLog,
  quality,
  type PublishedFinding,
  type Quality,
} from './measure';

export interface BenchOptions {
  /** Input messages to publish in the throughput run (at least this many). */
  events: number;
  seed: number;
  anomalyRate: number;
  /** Length of the half-load latency run. */
  latencySeconds: number;
  brokers: string[];
  mongoUrl: string;
  partitions: number;
  repoRoot: string;
  log: (line: string) => void;
}

export interface BenchResult {
  date: string;
  events: number;
  cases: number;
  throughput: { eventsPerSecond: number; seconds: number };
  ceiling: { eventsPerSecond: number; seconds: number };
  ratio: number;
  latency: {
    targetRate: number;
    achievedRate: number;
    findings: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    /** The same for findings of case rules and of the three rules over many cases (a second hop through the facts topic). */
    caseRules: { findings: number; p50Ms: number; p99Ms: number };
    crossCaseRules: { findings: number; p50Ms: number; p99Ms: number };
  };
  memory: {
    trackedCases: number;
    heapBytesPer100kCases: number;
    rssBytesPer100kCases: number;
    heapBytesPerCase: number;
  };
  quality: Pick<Quality, 'expected' | 'found' | 'matched' | 'recall' | 'precision'> & {
    missed: string[];
    unexpected: string[];
  };
  machine: { cpus: number; node: string };
}

const EVENTS_PER_CASE = 13;

/** Is something listening on host:port? */
export function portOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('error', () => done(false));
    s.connect(port, host, () => done(true));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A detector process of its own, on the bench namespace, started with `--expose-gc` for memory readings. */
class DetectorProcess {
  private child?: ChildProcess;
  private port = 0;
  private output = '';

  constructor(
    private readonly env: Record<string, string>,
    private readonly repoRoot: string,
  ) {}

  async start(): Promise<void> {
    this.port = await freePort();
    // BENCH_DETECTOR_NODE_ARGS: extra node flags for the detector, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
    const extra = (process.env['BENCH_DETECTOR_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
    this.child = spawn(
      process.execPath,
      ['--expose-gc', ...extra, join(this.repoRoot, 'services/detector/dist/main.js')],
      {
        env: { ...process.env, ...this.env, DETECTOR_HEALTH_PORT: String(this.port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // The detector's log goes to .local/logs/bench-detector.log (the last lines also into errors).
    const logDir = join(this.repoRoot, '.local/logs');
    mkdirSync(logDir, { recursive: true });
    const file = createWriteStream(join(logDir, 'bench-detector.log'), { flags: 'a' });
    const keep = (b: Buffer) => {
      file.write(b);
      this.output = (this.output + b.toString('utf8')).slice(-4000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (this.child.exitCode !== null)
        throw new Error(`the detector exited (${this.child.exitCode}):\n${this.output}`);
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/health`);
        const body = (await res.json()) as { components?: Record<string, { up: boolean; detail?: string }> };
        const input = body.components?.['input-consumer'];
        if (res.ok && input?.up && (input.detail ?? '').startsWith('partitions')) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the detector did not become healthy in 120 s:\n${this.output}`);
      await sleep(250);
    }
  }

  async metrics(): Promise<{ trackedCases: number; memory: { heapUsed: number; rss: number } }> {
    const res = await fetch(`http://127.0.0.1:${this.port}/metrics/json?gc=1`);
    return (await res.json()) as { trackedCases: number; memory: { heapUsed: number; rss: number } };
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    // The process may have exited during the wait (TypeScript keeps the narrowing from above).
    if ((child.exitCode as number | null) === null) child.kill('SIGKILL');
  }
}

/** One bench namespace: its own topics, consumer groups and database. */
function namespace(tag: string): { prefix: string; db: string; group: string } {
  const id = `${tag}${Date.now().toString(36)}`;
  return { prefix: `bench-${id}-`, db: `bench_${id}`, group: `bench-${id}-detector` };
}

function routeAll(sim: Simulation, partitions: number): { registry: OutRecord[]; input: OutRecord[] } {
  const router = new Router(partitions);
  const registry: OutRecord[] = [];
  for (const e of sim.registry) router.route(e, registry);
  const input: OutRecord[] = [];
  for (const e of sim.events) router.route(e, input);
  return { registry, input };
}

/** A simulation with at least `events` input messages (ticks count once per partition and topic). */
function simulationOf(events: number, seed: number, anomalyRate: number, partitions: number, log: (l: string) => void) {
  let cases = Math.max(200, Math.ceil(events / EVENTS_PER_CASE));
  for (;;) {
    const started = Date.now();
    const sim = simulate({ cases, seed, anomalyRate });
    const routed = routeAll(sim, partitions);
    log(
      `simulated ${sim.stats.cases.toLocaleString('en')} cases → ${routed.input.length.toLocaleString('en')} input messages in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (routed.input.length >= events) return { sim, ...routed };
    cases = Math.ceil(cases * (events / routed.input.length) * 1.02);
  }
}

async function findingsOf(
  mongoUrl: string,
  db: string,
): Promise<{ ruleId: string; caseId?: string; officerId?: string }[]> {
  const client = await MongoClient.connect(mongoUrl);
  try {
    return await client
      .db(db)
      .collection<{ ruleId: string; caseId?: string; officerId?: string }>('findings')
      .find({}, { projection: { _id: 0, ruleId: 1, caseId: 1, officerId: 1 } })
      .toArray();
  } finally {
    await client.close();
  }
}

async function dropDatabase(mongoUrl: string, db: string): Promise<void> {
  const client = await MongoClient.connect(mongoUrl);
  try {
    await client.db(db).dropDatabase();
  } finally {
    await client.close();
  }
}

/** Waits until the detector has committed every input and fact message (so every finding is stored and published). */
async function drained(bus: KafkaBus, group: string, onLag?: (lag: number) => void): Promise<number> {
  for (;;) {
    const lag =
      (await bus.lag(group, ['CaseEvents', 'FinanceEvents'])) + (await bus.lag(`${group}-subjects`, ['DetectorFacts']));
    onLag?.(lag);
    if (lag === 0) return Date.now();
    await sleep(200);
  }
}

/**
 * The end-to-end benchmark. Runs against the infrastructure on the configured ports, in
 * namespaces of its own (topics `bench-…`, database `bench_…`), with a detector process of its
 * own, so it neither disturbs nor is disturbed by the stack's own detector.
 */
export async function runBench(o: BenchOptions): Promise<BenchResult> {
  const result: Partial<BenchResult> = {
    date: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  };

  // 1. Sustained throughput: publish everything as fast as the producer goes, stop the clock when
  //    the detector has committed the last input and fact message.
  const main = simulationOf(o.events, o.seed, o.anomalyRate, o.partitions, o.log);
  const ns = namespace('t');
  const bus = new KafkaBus({ brokers: o.brokers, clientId: 'thads-bench', topicPrefix: ns.prefix });
  const env = {
    KAFKA_BROKERS: o.brokers.join(','),
    MONGO_URL: o.mongoUrl,
    MONGO_DB: ns.db,
    TOPIC_PREFIX: ns.prefix,
    DETECTOR_GROUP_ID: ns.group,
  };
  const detector = new DetectorProcess(env, o.repoRoot);
  try {
    await bus.ensureTopics(o.partitions);
    await publishRecords(bus, main.registry);
    await detector.start();
    const before = await detector.metrics();
    const total = main.input.length;
    const bar = new ProgressBar('bench');
    let published = 0;
    let lag = total;
    const started = Date.now();
    const publishing = publishRecords(bus, main.input, {
      onProgress: (done) => {
        published = done;
        bar.update(
          total - lag,
          total,
          `published ${published.toLocaleString('en')}, processed ${(total - lag).toLocaleString('en')} of ${total.toLocaleString('en')}`,
        );
      },
    });
    await publishing;
    const finished = await drained(bus, ns.group, (l) => {
      lag = Math.max(0, Math.min(l, total));
      bar.update(
        total - lag,
        total,
        `published ${published.toLocaleString('en')}, processed ${(total - lag).toLocaleString('en')} of ${total.toLocaleString('en')}`,
      );
    });
    bar.finish();
    const seconds = (finished - started) / 1000;
    result.events = total;
    result.cases = main.sim.stats.cases;
    result.throughput = { eventsPerSecond: Math.round(total / seconds), seconds: round(seconds) };
    o.log(`throughput: ${total.toLocaleString('en')} messages in ${seconds.toFixed(1)} s`);

    const after = await detector.metrics();
    const cases = after.trackedCases;
    const heap = after.memory.heapUsed - before.memory.heapUsed;
    const rss = after.memory.rss - before.memory.rss;
    result.memory = {
      trackedCases: cases,
      heapBytesPer100kCases: Math.round((heap / cases) * 100_000),
      rssBytesPer100kCases: Math.round((rss / cases) * 100_000),
      heapBytesPerCase: Math.round(heap / cases),
    };
    const q = quality(await findingsOf(o.mongoUrl, ns.db), main.sim.truth);
    result.quality = { ...q, missed: q.missed.slice(0, 20), unexpected: q.unexpected.slice(0, 20) };
    o.log(
      `quality: recall ${q.recall.toFixed(4)}, precision ${q.precision.toFixed(4)} (${q.matched}/${q.expected} expected, ${q.found} found)`,
    );
  } finally {
    await detector.stop();
  }

  // 2. Ceiling: a bare consumer that only fetches and parses the same topics.
  {
    const total = main.input.length;
    let read = 0;
    let first = 0;
    const bar = new ProgressBar('ceiling');
    await bus.readThrough(['CaseEvents', 'FinanceEvents'], `${ns.group}-ceiling`, (values) => {
      if (first === 0) first = Date.now();
      for (const v of values) if (v) JSON.parse(v.toString('utf8'));
      read += values.length;
      bar.update(read, total, `${read.toLocaleString('en')} read`);
      return read >= total;
    });
    bar.finish();
    const seconds = (Date.now() - first) / 1000;
    result.ceiling = { eventsPerSecond: Math.round(total / seconds), seconds: round(seconds) };
    result.ratio = round(result.throughput.eventsPerSecond / result.ceiling.eventsPerSecond);
    o.log(
      `ceiling: ${result.ceiling.eventsPerSecond.toLocaleString('en')} messages/s (bare consumer); ratio ${result.ratio}`,
    );
  }
  await bus.deleteTopics();
  await bus.disconnect();
  await dropDatabase(o.mongoUrl, ns.db);

  // 3. Latency at half the measured rate, on a fresh namespace and detector.
  result.latency = await latencyRun(o, Math.round(result.throughput.eventsPerSecond / 2));
  return result as BenchResult;
}

async function latencyRun(o: BenchOptions, rate: number): Promise<BenchResult['latency']> {
  const run = simulationOf(rate * o.latencySeconds, o.seed + 1, 0.05, o.partitions, o.log);
  const ns = namespace('l');
  const bus = new KafkaBus({ brokers: o.brokers, clientId: 'thads-bench-latency', topicPrefix: ns.prefix });
  const env = {
    KAFKA_BROKERS: o.brokers.join(','),
    MONGO_URL: o.mongoUrl,
    MONGO_DB: ns.db,
    TOPIC_PREFIX: ns.prefix,
    DETECTOR_GROUP_ID: ns.group,
  };
  const detector = new DetectorProcess(env, o.repoRoot);
  const log = new PublishLog(o.partitions);
  try {
    await bus.ensureTopics(o.partitions);
    await publishRecords(bus, run.registry);
    await detector.start();
    const tail = await bus.tail('Findings', `${ns.group}-findings-reader`);
    const input = run.input;
    const bar = new ProgressBar('latency');
    const started = Date.now();
    const chunkEvery = 50;
    let sent = 0;
    while (sent < input.length) {
      const due = Math.min(input.length, Math.ceil(((Date.now() - started) / 1000) * rate));
      if (due > sent) {
        const chunk = input.slice(sent, due);
        const at = Date.now();
        for (const r of chunk) if (r.topic !== 'RegistryEvents') log.record(r.topic, r.partition!, r.at, at);
        await publishRecords(bus, chunk, { batch: chunk.length });
        sent = due;
        bar.update(sent, input.length, `${sent.toLocaleString('en')} published at ${rate.toLocaleString('en')}/s`);
      }
      await sleep(chunkEvery);
    }
    const achieved = input.length / ((Date.now() - started) / 1000);
    bar.finish();
    await drained(bus, ns.group);
    const expected = run.sim.truth.length;
    const deadline = Date.now() + 30_000;
    while (tail.messages.length < expected && Date.now() < deadline) await sleep(200);
    await tail.stop();
    const findings: PublishedFinding[] = tail.messages.map((m) => ({
      ruleId: m.value.ruleId,
      detectedAt: m.value.detectedAt,
      publishedAt: m.timestamp,
      ...(m.value.caseId ? { caseId: m.value.caseId } : {}),
      ...(m.value.officerId ? { officerId: m.value.officerId } : {}),
    }));
    const values = latencies(log, findings);
    o.log(`latency: ${values.length} findings at ${Math.round(achieved).toLocaleString('en')} messages/s`);
    const part = (list: PublishedFinding[]) => {
      const v = latencies(log, list);
      return { findings: v.length, p50Ms: Math.round(percentile(v, 0.5)), p99Ms: Math.round(percentile(v, 0.99)) };
    };
    return {
      targetRate: rate,
      achievedRate: Math.round(achieved),
      findings: values.length,
      p50Ms: Math.round(percentile(values, 0.5)),
      p99Ms: Math.round(percentile(values, 0.99)),
      maxMs: Math.round(Math.max(...values)),
      caseRules: part(findings.filter((f) => !CROSS_CASE_RULES.has(f.ruleId))),
      crossCaseRules: part(findings.filter((f) => CROSS_CASE_RULES.has(f.ruleId))),
    };
  } finally {
    await detector.stop();
    await bus.deleteTopics();
    await bus.disconnect();
    await dropDatabase(o.mongoUrl, ns.db);
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
