/**
 * Replay and backtest: runs the rules over history into a shadow namespace, without touching
 * live findings, and compares the result with the live findings.
 *
 *   npm run replay -- --file events.jsonl [--until 2025-12-31T00:00:00+07:00] [--max-share 0.5]
 *   npm run replay -- --topic            (the live input topics, from the start to their current end)
 *
 * Options: --namespace NAME (shadow database suffix, default "shadow"), --max-share S (warn when a
 * rule flags more than this share of the cases it saw, default 0.5). Environment as the detector.
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';
import { KafkaBus } from '@thads/messaging';
import { ProgressBar } from '@thads/platform';
import { loadDetectorConfig } from '../config';
import { DetectorStore } from '../store/detector.store';
import { Backtest, streamOf, type ReplayRecord } from './backtest';

interface Args {
  file?: string;
  topic: boolean;
  until?: string;
  namespace: string;
  maxShare: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { topic: false, namespace: 'shadow', maxShare: 0.5 };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--file') args.file = next();
    else if (a === '--topic') args.topic = true;
    else if (a === '--until') args.until = next();
    else if (a === '--namespace') args.namespace = next();
    else if (a === '--max-share') args.maxShare = Number(next());
    else throw new Error(`unknown option ${a}`);
  }
  if (!args.file && !args.topic) throw new Error('give --file PATH or --topic');
  if (!/^[a-z0-9_]+$/.test(args.namespace)) throw new Error('--namespace takes lowercase letters, digits and _');
  return args;
}

const bar = new ProgressBar('replay');
function progress(done: number, total: number, events: number): void {
  bar.update(done, total, `${events.toLocaleString('en')} events`);
}

async function fromFile(path: string, backtest: Backtest): Promise<void> {
  const total = statSync(path).size;
  let bytes = 0;
  let batch: ReplayRecord[] = [];
  let events = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    bytes += Buffer.byteLength(line) + 1;
    if (line.trim() === '') continue;
    batch.push({ stream: streamOf(line), key: /"caseId"\s*:\s*"([^"]+)"/.exec(line)?.[1] ?? null, value: line });
    events += 1;
    if (batch.length >= 5000) {
      backtest.feed(batch);
      batch = [];
      progress(bytes, total, events);
    }
  }
  backtest.feed(batch);
  progress(total, total, events);
  bar.finish();
}

async function fromTopics(bus: KafkaBus, backtest: Backtest): Promise<void> {
  // Registry first, as the live detector loads it before judging cases.
  for (const keys of [['RegistryEvents'], ['CaseEvents', 'FinanceEvents']] as const) {
    const ends = new Map<string, number>();
    let total = 0;
    for (const k of keys) {
      for (const [p, end] of await bus.endOffsets(k)) {
        ends.set(`${bus.topics[k]}/${p}`, end);
        total += end;
      }
    }
    if (total === 0) continue;
    let read = 0;
    const reached = new Map<string, number>();
    const done = new Promise<void>((resolve) => {
      const check = () => {
        if ([...ends].every(([tp, end]) => (reached.get(tp) ?? 0) >= end)) resolve();
      };
      void bus
        .startBatchConsumer({
          groupId: `replay-${Date.now()}-${Math.random().toString(36).slice(2)}`,
          topics: [...keys],
          onBatch: (b) => {
            const tp = `${b.topic}/${b.partition}`;
            const end = ends.get(tp) ?? 0;
            const records = b.records.filter((r) => Number(r.offset) < end && r.value);
            backtest.feed(
              records.map((r) => ({
                stream: streamOf(r.value!.toString('utf8')),
                key: r.key,
                value: r.value!.toString('utf8'),
              })),
            );
            read += records.length;
            const last = b.records[b.records.length - 1];
            if (last) reached.set(tp, Math.max(reached.get(tp) ?? 0, Number(last.offset) + 1));
            progress(read, total, read);
            check();
            return Promise.resolve();
          },
          // A record the backtest failed on twice went to the dead-letter topic: it is read all the same.
          afterDeadLetter: (b) => {
            const tp = `${b.topic}/${b.partition}`;
            const last = b.records[b.records.length - 1];
            if (last) reached.set(tp, Math.max(reached.get(tp) ?? 0, Number(last.offset) + 1));
            check();
            return Promise.resolve();
          },
        })
        .then((c) => done.finally(() => c.stop()));
      check();
    });
    await done;
    bar.finish();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadDetectorConfig(process.env);
  const live = new DetectorStore(config.mongoUrl, config.mongoDb);
  await live.connect();
  const backtest = new Backtest(await live.ruleVersions(), await live.calendarYears());
  const bus = new KafkaBus({ brokers: config.kafkaBrokers, clientId: 'thads-replay', topicPrefix: config.topicPrefix });
  try {
    if (args.file) await fromFile(args.file, backtest);
    else await fromTopics(bus, backtest);
    if (args.until) backtest.advanceTo(args.until);
    const summary = backtest.summary();

    // The shadow namespace: its own database, replaced on each run. Live findings are only read.
    const client = await MongoClient.connect(config.mongoUrl);
    const shadow = client.db(`${config.mongoDb}_${args.namespace}`).collection('findings');
    await shadow.deleteMany({});
    if (summary.findings.length) {
      await shadow.insertMany(summary.findings.map((f) => ({ ...f, _id: f.findingId, status: 'shadow' })) as never[], {
        ordered: false,
      });
    }
    const liveIds = new Map(
      (await live.findings.find({}, { projection: { ruleId: 1 } }).toArray()).map((d) => [d._id, d.ruleId]),
    );
    await client.close();

    const shadowIds = new Set(summary.findings.map((f) => f.findingId));
    const rows = summary.perRule.map((r) => {
      const mine = summary.findings.filter((f) => f.ruleId === r.ruleId);
      const onlyShadow = mine.filter((f) => !liveIds.has(f.findingId)).length;
      const onlyLive = [...liveIds].filter(([id, rule]) => rule === r.ruleId && !shadowIds.has(id)).length;
      return { ...r, newVsLive: onlyShadow, missingVsLive: onlyLive };
    });
    const liveOnlyRules = [...new Set([...liveIds.values()])].filter((rule) => !rows.some((r) => r.ruleId === rule));
    for (const rule of liveOnlyRules) {
      rows.push({
        ruleId: rule,
        findings: 0,
        casesFlagged: 0,
        shareOfCases: 0,
        newVsLive: 0,
        missingVsLive: [...liveIds.values()].filter((x) => x === rule).length,
      });
    }

    const out = process.stdout;
    out.write(
      `replayed ${summary.events.toLocaleString('en')} events over ${summary.cases.toLocaleString('en')} cases; ${summary.rejected} rejected; ${summary.findings.length} findings into ${config.mongoDb}_${args.namespace}.findings\n\n`,
    );
    out.write(
      `${'rule'.padEnd(32)}${'findings'.padStart(9)}${'cases'.padStart(8)}${'share'.padStart(8)}${'new'.padStart(7)}${'missing'.padStart(9)}\n`,
    );
    for (const r of rows) {
      out.write(
        `${r.ruleId.padEnd(32)}${String(r.findings).padStart(9)}${String(r.casesFlagged).padStart(8)}${`${(r.shareOfCases * 100).toFixed(1)}%`.padStart(8)}${String(r.newVsLive).padStart(7)}${String(r.missingVsLive).padStart(9)}\n`,
      );
    }
    out.write('\n(new: in this replay, not among live findings; missing: live, not raised by this replay)\n');
    for (const r of rows.filter((x) => x.shareOfCases > args.maxShare)) {
      out.write(
        `WARNING: ${r.ruleId} flags ${(r.shareOfCases * 100).toFixed(1)}% of the cases it saw (more than ${(args.maxShare * 100).toFixed(0)}%): likely noise, check its thresholds\n`,
      );
    }
  } finally {
    await bus.disconnect();
    await live.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`replay: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
