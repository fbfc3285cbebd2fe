import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { OWN_TOPIC_LIMITS, parseInputEvent, readJson, type FindingMessage } from '@thads/contracts';
import { KafkaBus, type BatchConsumer, type BatchContext, type CommitOffset } from '@thads/messaging';
import { BackgroundLoop, HealthRegistry, ServiceMetrics, type Counter } from '@thads/platform';
import { ALL_RULES, CaseEngine, InMemoryRegistry, WorkingCalendar, type Fact, type RaisedFinding } from '@thads/rules';
import { randomUUID } from 'node:crypto';
import { DETECTOR_CONFIG, type DetectorConfig } from '../config';
import { DetectorStore, officialYearOf, storedVersionOf } from '../store/detector.store';
import { LiveRuleBook } from '../rulebook/live-rule-book';
import { calendarMessage, ruleBookMessage } from '../rulebook/messages';
import { PartitionProcessor, type CaseStream } from './partition-processor';
import { SubjectProcessor, type FactMessage } from './subject-processor';

/**
 * Wires Kafka to the rules: each batch of one topic-partition goes through the partition's
 * processor; the outcome is made durable in a fixed order — dead letters, new findings (stored,
 * then published), case state, clocks — and only then are the offsets committed. A crash at any
 * point replays from the last commit, and the per-case markers and finding ids absorb the replay.
 */
@Injectable()
export class DetectorService extends BackgroundLoop<Logger> implements OnApplicationShutdown {
  private readonly processors = new Map<number, PartitionProcessor>();
  /** The tail of each partition index's queue of batches (see `serially`). */
  private readonly partitionQueue = new Map<number, Promise<void>>();
  /** When each partition's state and offsets were last written, and what they were. */
  private readonly flushedAt = new Map<number, number>();
  private readonly flushedKey = new Map<number, string>();
  private flushTimer?: NodeJS.Timeout;
  /** Findings on the topic whose outbox entries are still to be removed. */
  private readonly publishedIds = new Set<string>();
  /** Facts partitions: next offset to read, last committed, last flush. */
  private readonly factsRead = new Map<number, number>();
  private readonly factsCommitted = new Map<number, number>();
  private readonly factsFlushedAt = new Map<number, number>();
  /** This instance's full copy of the registry, read from the start of the registry topic. */
  private readonly registryView = new InMemoryRegistry();
  /** Built at start from the rule book and calendar in the store. */
  private engine?: CaseEngine;
  /** Called when the service cannot run at all (a wiring error); main.ts exits on it. */
  onFatal: (err: Error) => void = () => undefined;
  private viewConsumer?: BatchConsumer;
  private subjectConsumer?: BatchConsumer;
  private readonly subjectProcessors = new Map<number, SubjectProcessor>();
  private sourcePartitions = 0;
  private factPartitions = 0;
  private readonly viewPositions = new Map<number, number>();
  /** Set once the registry view has read what was on the topic at start (its health is up from then on). */
  private viewLoaded = false;
  private input?: BatchConsumer;
  private registry?: BatchConsumer;
  /** The engine's rule book and calendar, kept up to date with the store while running. */
  private live?: LiveRuleBook;
  /** Reads the rule-book and calendar topics: a change made on any instance reaches this one. */
  private ruleBookFollower?: BatchConsumer;
  /** The tail of the queue of reloads: one at a time, each reading the store after the last. */
  private reloads: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(DETECTOR_CONFIG) private readonly config: DetectorConfig,
    private readonly bus: KafkaBus,
    private readonly store: DetectorStore,
    health: HealthRegistry,
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
  ) {
    // Starts in the background (BackgroundLoop): the health endpoint must answer (503) while dependencies are down.
    super(health, new Logger('Detector'), [
      'store',
      'rules',
      'kafka',
      'rulebook-follower',
      'registry-view',
      'registry-consumer',
      'subject-consumer',
      'input-consumer',
    ]);
    this.consumed = metrics.counter(
      'thads_events_consumed_total',
      'Input events taken by the detector, by stream (case, finance), and those sent to the dead-letter topic.',
    );
    this.raised = metrics.counter('thads_findings_raised_total', 'Findings raised and published, by rule:severity.');
  }

  private readonly consumed: Counter<'kind'>;
  private readonly raised: Counter<'kind'>;

  protected async start(): Promise<void> {
    await this.retry('connect to the store', 'store', () => this.store.connect());
    const [versions, years] = await this.retry('load the rule book', 'store', () =>
      Promise.all([this.store.ruleVersions(), this.store.calendarYears()]),
    );
    try {
      this.engine = new CaseEngine(versions, new WorkingCalendar(years), ALL_RULES, this.registryView);
    } catch (err) {
      // A rule without configuration (or the reverse) would silently miss irregularities.
      this.health.down('rules', (err as Error).message);
      this.log.error(`refusing to start: ${(err as Error).message}`);
      this.onFatal(err as Error);
      return;
    }
    this.live = new LiveRuleBook(this.engine, years);
    this.health.up('rules', `${new Set(versions.map((v) => v.ruleId)).size} rules, ${versions.length} versions`);
    await this.retry('create topics', 'kafka', async () => {
      await this.bus.connect();
      await this.bus.ensureTopics();
    });
    // Every service counts working days on the same calendar: the one administrators keep here.
    await this.retry('publish the calendar', 'kafka', () => this.bus.publish('Calendar', years.map(calendarMessage)));
    await this.followRuleBook();
    await this.publishOutbox();
    // Its own component: a crash reported on the shared 'kafka' one was cleared by any other
    // Kafka call that succeeded, while the registry consumer itself stayed stopped.
    this.registry = await this.retry('start the registry consumer', 'registry-consumer', () =>
      this.bus.startBatchConsumer({
        groupId: `${this.config.groupId}-registry`,
        topics: ['RegistryEvents'],
        onBatch: (b) => this.onRegistryBatch(b),
        onStatus: (up, detail) => this.health.report('registry-consumer', up, detail),
      }),
    );
    await this.loadRegistryView();
    [this.sourcePartitions, this.factPartitions] = await this.retry('read partition counts', 'kafka', () =>
      Promise.all([this.bus.partitionCount('CaseEvents'), this.bus.partitionCount('DetectorFacts')]),
    );
    this.subjectConsumer = await this.retry('start the subject stage', 'subject-consumer', () =>
      this.bus.startBatchConsumer({
        groupId: `${this.config.groupId}-subjects`,
        topics: ['DetectorFacts'],
        onBatch: (b) => this.serially(-1 - b.partition, () => this.onFactsBatch(b)),
        // Offsets are committed with the subject state (flushSubjects): past a dead letter, from there.
        afterDeadLetter: (b) => this.serially(-1 - b.partition, () => Promise.resolve(this.factsTaken(b))),
        concurrency: this.config.concurrency,
        onAssignment: (a, { lapsed }) => {
          const held = new Set(a[this.bus.topics.DetectorFacts] ?? []);
          for (const p of this.subjectProcessors.keys()) {
            // After a lapse even a partition held again may have been worked on by another instance.
            if (held.has(p) && !lapsed) continue;
            this.subjectProcessors.delete(p);
            this.factsRead.delete(p);
            this.factsCommitted.delete(p);
          }
        },
        onStatus: (up, detail) => this.health.report('subject-consumer', up, detail),
      }),
    );
    this.input = await this.retry('start the input consumer', 'input-consumer', () =>
      this.bus.startBatchConsumer({
        groupId: this.config.groupId,
        topics: ['CaseEvents', 'FinanceEvents'],
        coPartitioned: true,
        // The case and finance batches of one partition index share a processor: one at a time.
        onBatch: (b) => this.serially(b.partition, () => this.onInputBatch(b)),
        // Offsets are committed with the case state (flush), never past a buffered event: a
        // dead-lettered record only counts as read, and the next flush commits past it.
        afterDeadLetter: (b) => this.serially(b.partition, () => Promise.resolve(this.inputTaken(b))),
        concurrency: this.config.concurrency,
        onAssignment: (a, { lapsed }) => this.onAssignment(a, lapsed),
        onStatus: (up, detail) => this.health.report('input-consumer', up, detail),
      }),
    );
    this.flushTimer = setInterval(() => this.flushIdle(), Math.max(50, Math.floor(this.config.flushIntervalMs / 2)));
    this.log.log(
      `consuming ${this.bus.topics.CaseEvents} + ${this.bus.topics.FinanceEvents} as group ${this.config.groupId}`,
    );
  }

  /**
   * Every instance reads the whole registry topic into memory (like a global table) and waits
   * until it has read what was there at start-up before judging cases, so that rules such as
   * related-party see the registry that was published before the cases. Invalid registry
   * messages are skipped here; the shared registry consumer sends them to the dead-letter topic.
   */
  private async loadRegistryView(): Promise<void> {
    const target = await this.retry('read registry end offsets', 'kafka', () => this.bus.endOffsets('RegistryEvents'));
    this.viewConsumer = await this.retry('start the registry view', 'registry-view', () =>
      this.bus.startBatchConsumer({
        groupId: `${this.config.groupId}-registry-view-${randomUUID()}`,
        topics: ['RegistryEvents'],
        onBatch: (b) => {
          for (const record of b.records) {
            const parsed = parseInputEvent('registry', record.value);
            if (parsed.ok) this.registryView.apply(parsed.event.type, parsed.at, parsed.event.data);
            this.viewPositions.set(b.partition, Number(record.offset) + 1);
          }
          return Promise.resolve();
        },
        // Its group is thrown away (nothing to commit), but loading waits on the position.
        afterDeadLetter: (b) => {
          for (const record of b.records) this.viewPositions.set(b.partition, Number(record.offset) + 1);
          return Promise.resolve();
        },
        // Ready only once loaded; after that, whether its consumer is running.
        onStatus: (up, detail) => {
          if (!up) this.health.down('registry-view', `consumer ${detail}`);
          else if (this.viewLoaded) this.health.up('registry-view', `${this.registryView.size} entries`);
        },
      }),
    );
    await this.retry('load the registry view', 'registry-view', () => {
      const behind = [...target].filter(([p, end]) => end > 0 && (this.viewPositions.get(p) ?? 0) < end);
      if (behind.length > 0)
        return Promise.reject(new Error(`registry view still reading partitions ${behind.map(([p]) => p).join(', ')}`));
      return Promise.resolve();
    });
    this.viewLoaded = true;
    this.health.up('registry-view', `${this.registryView.size} entries at start`);
    this.log.log(`registry view loaded: ${this.registryView.size} officers and parties`);
  }

  /**
   * Every instance follows the rule-book and calendar topics from their start, each message a
   * sign that the store changed: the book is reloaded from the store, which holds every change
   * before it is published (so a message read late, or twice, reloads the same book). The versions
   * administrators added are published again first: one stored by an instance that stopped before
   * publishing it reaches the others now (same key and value: compaction keeps one).
   */
  private async followRuleBook(): Promise<void> {
    const added = (await this.retry('read the rule book', 'store', () => this.store.ruleVersionDocs())).filter(
      (d) => d.addedBy !== undefined,
    );
    if (added.length)
      await this.retry('publish the added rule versions', 'kafka', () =>
        this.bus.publish('RuleBook', added.map(ruleBookMessage)),
      );
    this.ruleBookFollower = await this.retry('follow the rule book', 'rulebook-follower', () =>
      this.bus.startBatchConsumer({
        groupId: `${this.config.groupId}-rulebook-${randomUUID()}`,
        topics: ['RuleBook', 'Calendar'],
        onBatch: () => this.reloadRuleBook(),
        onStatus: (up, detail) => this.health.report('rulebook-follower', up, detail),
      }),
    );
  }

  /** Whether the rule book is loaded (the administrators' API answers 503 until then). */
  get ruleBookLoaded(): boolean {
    return this.live !== undefined;
  }

  /**
   * Reads the rule book and calendar from the store and puts them in force (see LiveRuleBook).
   * One reload at a time. A book that fails the start-up check (a document inserted by hand)
   * leaves the one in use and reports `rules` down with the reason.
   */
  reloadRuleBook(): Promise<void> {
    const next = this.reloads.then(async () => {
      const live = this.live;
      if (!live) throw new Error('rule engine not loaded');
      const [versions, years] = await this.retry('reload the rule book', 'store', () =>
        Promise.all([this.store.ruleVersionDocs(), this.store.calendarYearDocs()]),
      );
      try {
        const done = live.apply(versions.map(storedVersionOf), years.map(officialYearOf));
        this.health.up('rules', `${done.rules} rules, ${done.versions} versions`);
        if (done.years.length) this.log.log(`calendar years ${done.years.join(', ')} changed`);
      } catch (err) {
        this.health.down(
          'rules',
          `the rule book in the store is refused, the previous one stays: ${(err as Error).message}`,
        );
        this.log.error(`rule book not reloaded: ${(err as Error).message}`);
      }
    });
    this.reloads = next.catch(() => undefined);
    return next;
  }

  /** Findings stored before a crash but never published go out now. */
  private async publishOutbox(): Promise<void> {
    for (;;) {
      const pending = await this.retry('read the findings outbox', 'store', () => this.store.unpublishedFindings());
      if (pending.length === 0) return;
      await this.retry('publish findings', 'kafka', () =>
        this.bus.publish(
          'Findings',
          pending.map((f) => ({ key: f.findingId, value: { ...f, status: 'open', revision: 0 } })),
        ),
      );
      await this.retry('mark findings published', 'store', () =>
        this.store.markPublished(pending.map((f) => f.findingId)),
      );
      this.log.log(`published ${pending.length} finding(s) left in the outbox`);
    }
  }

  /**
   * Partitions this instance no longer holds are forgotten: their new owner loads them from the
   * store. After a lapse (this instance was out of the group: stalled past the session timeout,
   * or its consumer restarted) all are: another instance may have taken one meanwhile, moved its
   * state and offsets on, and given it back, so what is in memory is reloaded from the store and
   * the replay from the last commit — the crash-recovery path — brings it up to date.
   */
  private onAssignment(assignment: Record<string, number[]>, lapsed: boolean): void {
    const held = new Set(assignment[this.bus.topics.CaseEvents] ?? []);
    for (const p of this.processors.keys()) {
      if (held.has(p) && !lapsed) continue;
      this.processors.delete(p);
      this.flushedKey.delete(p);
    }
    if (lapsed)
      this.log.warn('rejoined the consumer group after losing its membership: partition state reloads from the store');
    this.log.log(`assigned partitions [${[...held].sort((a, b) => a - b).join(', ')}] of both input topics`);
  }

  private async processor(p: number): Promise<PartitionProcessor> {
    let proc = this.processors.get(p);
    if (!proc) {
      const snapshot = await this.retry(`load partition ${p}`, 'store', () => this.store.loadPartition(p));
      if (!this.engine) throw new Error('rule engine not loaded');
      proc = new PartitionProcessor(p, this.engine, snapshot);
      this.processors.set(p, proc);
      this.log.log(`partition ${p}: restored ${snapshot.stored.length} case(s)`);
    }
    return proc;
  }

  /** Runs `work` after any earlier work queued under the same partition index. */
  private serially(partition: number, work: () => Promise<void>): Promise<void> {
    const previous = this.partitionQueue.get(partition) ?? Promise.resolve();
    const next = previous.then(work, work);
    this.partitionQueue.set(
      partition,
      next.catch(() => undefined),
    );
    return next;
  }

  private async onInputBatch(batch: BatchContext): Promise<void> {
    const stream: CaseStream = batch.topic === this.bus.topics.CaseEvents ? 'case' : 'finance';
    const proc = await this.processor(batch.partition);
    const result = proc.ingest(stream, batch.records);
    this.consumed.inc({ kind: stream }, batch.records.length - result.rejected.length);
    if (result.rejected.length > 0) this.consumed.inc({ kind: 'dead_letter' }, result.rejected.length);

    if (result.failed.length > 0) this.consumed.inc({ kind: 'dead_letter' }, result.failed.length);
    for (const { caseId, reason } of result.failedDeadlines)
      this.log.error(
        `partition ${proc.partition}: a deadline of case ${caseId} was dropped, the rules failed on it: ${reason}`,
      );

    if (result.rejected.length > 0 || result.failed.length > 0) {
      const byOffset = new Map(batch.records.map((r) => [r.offset, r]));
      const items = result.rejected.map(({ offset, reason }) => ({ record: byOffset.get(offset)!, reason }));
      // An event the rules threw on may have been read in an earlier batch, or on the other
      // topic: its dead letter carries the event as it was accepted.
      for (const f of result.failed) {
        const topic = f.stream === 'case' ? this.bus.topics.CaseEvents : this.bus.topics.FinanceEvents;
        const value = Buffer.from(JSON.stringify(f.event));
        items.push({
          record: { topic, partition: proc.partition, offset: f.offset, key: f.key, value },
          reason: f.reason,
        });
        this.log.error(`${topic}/${proc.partition}@${f.offset} dead-lettered: ${f.reason}`);
      }
      await this.retry('publish dead letters', 'kafka', () => this.bus.deadLetter(items));
    }
    await this.persistFindings(result.findings);
    await this.publishFacts(proc.partition, result.facts, result.mark);
    await batch.heartbeat();
    if (!batch.isActive()) return; // rebalancing or stopping: the next owner replays from the last commit
    if (Date.now() - (this.flushedAt.get(proc.partition) ?? 0) >= this.config.flushIntervalMs) await this.flush(proc);
  }

  /**
   * Writes the partition's changed case states and clocks, then commits the offsets they
   * cover. Done at most every `flushIntervalMs` per partition (and by a timer when input stops):
   * findings and facts go out with each batch, state and offsets in between. A crash replays
   * from the last commit onto the state of the same moment; replayed events are recognised.
   */
  private async flush(proc: PartitionProcessor): Promise<void> {
    if (this.processors.get(proc.partition) !== proc) return; // revoked meanwhile
    // Right after a stall past the session timeout (a pause, a long GC) the partition may already
    // be another instance's. The checkpoint log puts that owner's writes after what it loaded, but
    // one from here could still land among them (same sequence number, later time) and bring older
    // case states back; the commit after it would be refused, the store write would not. Nothing
    // is written until the rejoin, which keeps the partition or, after a lapse, reloads it.
    if (!this.input!.presumedMember()) return;
    this.flushedAt.set(proc.partition, Date.now());
    // Taken together, once, outside the retries: a failed attempt writes the same again.
    const dirty = proc.takeDirtyStored();
    const clocks = proc.checkpointClocks();
    const positions = proc.commitPositions();
    const key = `${clocks.case}|${positions.case}|${positions.finance}`;
    if (dirty.length === 0 && this.flushedKey.get(proc.partition) === key) return;
    await this.retry('write case state', 'store', () =>
      this.store.checkpointPartition(proc.partition, clocks, dirty, () => proc.allStored()),
    );
    const offsets: CommitOffset[] = [];
    if (positions.case !== undefined)
      offsets.push({ topic: this.bus.topics.CaseEvents, partition: proc.partition, offset: String(positions.case) });
    if (positions.finance !== undefined)
      offsets.push({
        topic: this.bus.topics.FinanceEvents,
        partition: proc.partition,
        offset: String(positions.finance),
      });
    // A commit refused (the group moved on) is not recorded as done: the state is in the store,
    // and the next flush commits again if this instance still holds the partition.
    const committed =
      offsets.length === 0 || (await this.retry('commit offsets', 'kafka', () => this.input!.commit(offsets)));
    if (committed) this.flushedKey.set(proc.partition, key);
  }

  /** Flushes partitions whose last flush is older than the interval (input has gone quiet). */
  private flushIdle(): void {
    this.clearOutbox().catch((err: unknown) => this.log.error(`clearing the findings outbox failed: ${String(err)}`));
    for (const [p, proc] of this.processors) {
      if (Date.now() - (this.flushedAt.get(p) ?? 0) < this.config.flushIntervalMs) continue;
      this.serially(p, () => this.flush(proc)).catch((err: unknown) =>
        this.log.error(`flush of partition ${p} failed: ${String(err)}`),
      );
    }
    for (const [p, proc] of this.subjectProcessors) {
      if (Date.now() - (this.factsFlushedAt.get(p) ?? 0) < this.config.flushIntervalMs) continue;
      // Facts partitions use negative keys in the same queue, so a flush never overlaps their batch.
      this.serially(-1 - p, () => this.flushSubjects(proc)).catch((err: unknown) =>
        this.log.error(`flush of facts partition ${p} failed: ${String(err)}`),
      );
    }
  }

  /**
   * Facts go to the subject stage keyed by subject; the partition's new watermark goes to every
   * facts partition, so that each knows how far this source has got. Published before the case
   * state is saved: a crash re-sends them, and the subject stage ignores a fact it has seen.
   */
  private async publishFacts(source: number, facts: Fact[], mark?: number): Promise<void> {
    const messages: { key: string; value: FactMessage; partition?: number }[] = facts.map((fact) => ({
      key: fact.subject,
      value: { fact },
    }));
    if (mark !== undefined) {
      for (let p = 0; p < this.factPartitions; p += 1)
        messages.push({ key: `mark-${source}`, value: { mark: { source, at: mark } }, partition: p });
    }
    if (messages.length) await this.retry('publish facts', 'kafka', () => this.bus.publish('DetectorFacts', messages));
  }

  private async onFactsBatch(batch: BatchContext): Promise<void> {
    let proc = this.subjectProcessors.get(batch.partition);
    if (!proc) {
      if (!this.engine) throw new Error('rule engine not loaded');
      const restored = await this.retry(`load subjects of facts partition ${batch.partition}`, 'store', () =>
        this.store.loadSubjects(batch.partition),
      );
      proc = new SubjectProcessor(batch.partition, this.sourcePartitions, this.engine, restored);
      this.subjectProcessors.set(batch.partition, proc);
    }
    const messages: FactMessage[] = [];
    const unreadable: { record: (typeof batch.records)[number]; reason: string }[] = [];
    for (const r of batch.records) {
      const read = readJson(r.value, OWN_TOPIC_LIMITS);
      if (!read.ok) unreadable.push({ record: r, reason: read.reason });
      else if (read.value !== null) messages.push(read.value as FactMessage);
    }
    if (unreadable.length > 0) {
      this.log.error(`${unreadable.length} unreadable fact(s) in ${batch.topic}/${batch.partition}: dead-lettered`);
      await this.retry('publish dead letters', 'kafka', () => batch.deadLetter(unreadable));
    }
    const findings = proc.ingest(messages);
    await this.persistFindings(findings);
    await batch.heartbeat();
    const last = batch.records[batch.records.length - 1];
    if (last) this.factsRead.set(batch.partition, Number(last.offset) + 1);
    if (!batch.isActive()) return;
    if (Date.now() - (this.factsFlushedAt.get(batch.partition) ?? 0) >= this.config.flushIntervalMs)
      await this.flushSubjects(proc);
  }

  /** A facts record given up on (dead-lettered): read, so the next flush commits past it. */
  private factsTaken(batch: BatchContext): void {
    const last = batch.records[batch.records.length - 1];
    if (!last) return;
    const next = Number(last.offset) + 1;
    if (next > (this.factsRead.get(batch.partition) ?? 0)) this.factsRead.set(batch.partition, next);
  }

  /** An input record given up on (dead-lettered): read by its partition's processor, if it has one yet. */
  private inputTaken(batch: BatchContext): void {
    const stream: CaseStream = batch.topic === this.bus.topics.CaseEvents ? 'case' : 'finance';
    for (const record of batch.records) this.processors.get(batch.partition)?.skip(stream, record.offset);
  }

  /** The subject stage's counterpart of `flush`: state of one facts partition, then its offset. */
  private async flushSubjects(proc: SubjectProcessor): Promise<void> {
    const p = proc.partition;
    if (this.subjectProcessors.get(p) !== proc) return;
    if (!this.subjectConsumer!.presumedMember()) return; // as in `flush`: not over a newer owner's state
    this.factsFlushedAt.set(p, Date.now());
    const next = this.factsRead.get(p);
    if (next === undefined || next === this.factsCommitted.get(p)) return;
    const cp = proc.checkpoint();
    await this.retry('write subject state', 'store', () =>
      this.store.checkpointSubjects(p, cp, () => proc.allSubjects()),
    );
    const committed = await this.retry('commit fact offsets', 'kafka', () =>
      this.subjectConsumer!.commit([{ topic: this.bus.topics.DetectorFacts, partition: p, offset: String(next) }]),
    );
    if (committed) this.factsCommitted.set(p, next);
  }

  private async persistFindings(findings: RaisedFinding[]): Promise<void> {
    if (findings.length === 0) return;
    const fresh = new Set(await this.retry('store findings', 'store', () => this.store.insertNewFindings(findings)));
    const messages: FindingMessage[] = findings
      .filter((f) => fresh.delete(f.findingId))
      .map((f) => ({ ...f, status: 'open', revision: 0 }));
    if (messages.length === 0) return;
    await this.retry('publish findings', 'kafka', () =>
      this.bus.publish(
        'Findings',
        messages.map((m) => ({ key: m.findingId, value: m })),
      ),
    );
    // Out of the outbox at the next flush, not on the finding's path. A crash before then
    // publishes them again at start (same ids: consumers keep the latest per id).
    for (const m of messages) this.publishedIds.add(m.findingId);
    for (const m of messages) this.raised.inc({ kind: `${m.ruleId}:${m.severity}` });
  }

  private async clearOutbox(): Promise<void> {
    if (this.publishedIds.size === 0) return;
    const ids = [...this.publishedIds];
    this.publishedIds.clear();
    await this.retry('mark findings published', 'store', () => this.store.markPublished(ids));
  }

  private async onRegistryBatch(batch: BatchContext): Promise<void> {
    const items: Parameters<DetectorStore['upsertRegistry']>[0] = [];
    const rejected: { record: (typeof batch.records)[number]; reason: string }[] = [];
    for (const record of batch.records) {
      const parsed = parseInputEvent('registry', record.value);
      if (!parsed.ok) {
        rejected.push({ record, reason: parsed.reason });
        continue;
      }
      const data = parsed.event.data as Record<string, unknown>;
      const kind = parsed.event.type.slice('registry.'.length);
      const idField = kind === 'auction_org' ? 'auctionOrgId' : `${kind}Id`;
      items.push({
        id: `${kind}:${String(data[idField])}`,
        type: parsed.event.type,
        at: parsed.at,
        eventId: parsed.event.eventId,
        data,
      });
    }
    if (rejected.length) await this.retry('publish dead letters', 'kafka', () => this.bus.deadLetter(rejected));
    await this.retryInfrastructure('write registry', 'store', () => this.store.upsertRegistry(items));
    await this.retry('commit registry offsets', 'kafka', () => this.registry!.commitBatch(batch));
  }

  /** For the health endpoint and the benchmark: what this instance is holding. */
  stats(): { partitions: number[]; trackedCases: number; buffered: number; registryEntries: number } {
    let trackedCases = 0;
    let buffered = 0;
    for (const p of this.processors.values()) {
      trackedCases += p.trackedCases;
      buffered += p.buffered;
    }
    return {
      partitions: [...this.processors.keys()].sort((a, b) => a - b),
      trackedCases,
      buffered,
      registryEntries: this.registryView.size,
    };
  }

  /**
   * First phase of shutdown: write what is in hand while the group membership still holds (less
   * to replay at the next start) — at most 5 s, then the retries are aborted and the next start
   * replays instead — then stop taking work (`halt`).
   */
  override async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.flushTimer);
    const flushed = Promise.allSettled([
      this.clearOutbox(),
      ...[...this.processors.entries()].map(([p, proc]) => this.serially(p, () => this.flush(proc))),
      ...[...this.subjectProcessors.entries()].map(([p, proc]) =>
        this.serially(-1 - p, () => this.flushSubjects(proc)),
      ),
    ]);
    await Promise.race([flushed, new Promise((r) => setTimeout(r, 5000).unref())]);
    await super.beforeApplicationShutdown();
  }

  protected async halt(): Promise<void> {
    // Disconnecting lets kafkajs finish the batch in hand (which commits) before leaving the group.
    await Promise.allSettled([
      this.input?.stop(),
      this.registry?.stop(),
      this.viewConsumer?.stop(),
      this.subjectConsumer?.stop(),
      this.ruleBookFollower?.stop(),
    ]);
  }

  /** Second phase: the shared connections, once nothing uses them. */
  async onApplicationShutdown(): Promise<void> {
    await this.bus.disconnect();
    await this.store.close();
  }
}
