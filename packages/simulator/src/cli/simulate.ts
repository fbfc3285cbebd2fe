/**
 * `npm run simulate -- [--cases N] [--anomalies RATE] [--seed S] [--start YYYY-MM-DD] [--out FILE.jsonl] [--truth FILE]`
 *
 * Generates a province's enforcement activity. With `--out`, writes JSON Lines (registry events
 * first, then every case, complaint and finance event and one `clock.tick` a day, in time order)
 * and the ground truth beside it (`FILE.truth.json`). Without `--out`, publishes to the input
 * topics of the Kafka cluster named by KAFKA_BROKERS / TOPIC_PREFIX (a tick to every partition).
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { KafkaBus } from '@thads/messaging';
import { loadCommonConfig, ProgressBar } from '@thads/platform';
import { publishRecords, Router, type OutRecord } from '../publish';
import { DEFAULT_OPTIONS, simulate, type Simulation, type SimulationOptions } from '../simulation';

const USAGE =
  'usage: npm run simulate -- [--cases N] [--anomalies RATE] [--seed S] [--start YYYY-MM-DD] [--out FILE.jsonl] [--truth FILE]';

export function parseOptions(argv: string[]): { options: SimulationOptions; out?: string; truth?: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string' },
      anomalies: { type: 'string' },
      seed: { type: 'string' },
      start: { type: 'string' },
      out: { type: 'string' },
      truth: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new Error(USAGE);
  const number = (name: string, raw: string | undefined, fallback: number, ok: (n: number) => boolean) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || !ok(n)) throw new Error(`--${name} ${raw} is not valid\n${USAGE}`);
    return n;
  };
  const options: SimulationOptions = {
    ...DEFAULT_OPTIONS,
    cases: number('cases', values.cases, DEFAULT_OPTIONS.cases, (n) => Number.isInteger(n) && n > 0),
    anomalyRate: number('anomalies', values.anomalies, 0, (n) => n >= 0 && n <= 1),
    seed: number('seed', values.seed, DEFAULT_OPTIONS.seed, (n) => Number.isInteger(n) && n >= 0),
    start: values.start ?? DEFAULT_OPTIONS.start,
  };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.start) || Number.isNaN(Date.parse(options.start)))
    throw new Error(`--start ${options.start} is not a date (YYYY-MM-DD)`);
  return { options, ...(values.out ? { out: values.out } : {}), ...(values.truth ? { truth: values.truth } : {}) };
}

/** `x.jsonl` → `x.truth.json` */
export function truthPathFor(out: string): string {
  return `${out.replace(/\.jsonl$/, '')}.truth.json`;
}

export function truthDocument(sim: Simulation): string {
  return `${JSON.stringify(
    {
      generator: '@thads/simulator',
      options: sim.options,
      from: sim.from,
      to: sim.to,
      stats: sim.stats,
      planted: sim.truth,
    },
    null,
    2,
  )}\n`;
}

async function writeJsonl(sim: Simulation, out: string): Promise<void> {
  const file = createWriteStream(out);
  const all = [...sim.registry, ...sim.events];
  const bar = new ProgressBar('simulate');
  for (let i = 0; i < all.length; i += 1) {
    if (!file.write(`${JSON.stringify(all[i])}\n`)) await once(file, 'drain');
    if (i % 10_000 === 0) bar.update(i, all.length, `${i.toLocaleString('en')} events written`);
  }
  bar.update(all.length, all.length, `${all.length.toLocaleString('en')} events written`);
  bar.finish();
  file.end();
  await once(file, 'finish');
}

async function publishAll(sim: Simulation): Promise<void> {
  const config = loadCommonConfig(process.env);
  const bus = new KafkaBus({
    brokers: config.kafkaBrokers,
    clientId: 'thads-simulator',
    topicPrefix: config.topicPrefix,
  });
  try {
    await bus.ensureTopics();
    const router = new Router(await bus.partitionCount('CaseEvents'));
    const records: OutRecord[] = [];
    for (const e of sim.registry) router.route(e, records);
    for (const e of sim.events) router.route(e, records);
    const bar = new ProgressBar('simulate');
    await publishRecords(bus, records, {
      onProgress: (done) => bar.update(done, records.length, `${done.toLocaleString('en')} messages published`),
    });
    bar.finish();
  } finally {
    await bus.disconnect();
  }
}

async function main(): Promise<void> {
  const { options, out, truth } = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const sim = simulate(options);
  if (out) await writeJsonl(sim, out);
  else await publishAll(sim);
  const truthPath = truth ?? (out ? truthPathFor(out) : `simulation-seed${options.seed}.truth.json`);
  writeFileSync(truthPath, truthDocument(sim));
  const s = sim.stats;
  const plants = Object.entries(s.plants)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  process.stdout.write(
    [
      `simulated ${s.cases.toLocaleString('en')} cases from ${sim.from.slice(0, 10)} to ${sim.to.slice(0, 10)} (seed ${options.seed})`,
      `  ${s.events.toLocaleString('en')} case, complaint and finance events, ${s.ticks} daily ticks, ${s.registry} registry events`,
      `  ${s.plantedCases} planted irregularities → ${sim.truth.length} expected findings${plants ? `: ${plants}` : ''}`,
      `  ${out ? `written to ${out}` : 'published to Kafka'}; truth in ${truthPath} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    ].join('\n') + '\n',
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`simulate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
