import { Inject, Injectable, Logger } from '@nestjs/common';
import { HealthRegistry, SweepLoop } from '@thads/platform';
import { Store } from '@thads/store';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { InspectionOutbox } from '../core/outbox';
import { announcementsOf } from './announcements';
import { FindingsRepository } from './findings.repository';

/** The findings' marks of revisions raised but not yet announced (`FindingsRepository`). */
export type UnannouncedFindings = Pick<FindingsRepository, 'unannounced' | 'announced'>;

/**
 * Announces the revision of every finding still marked unannounced — the status change (or the
 * release from a suppression) was stored, but the process stopped or the outbox write failed
 * before its announcements were recorded — built from the finding as stored (`announcementsOf`:
 * the same ids as the first attempt), and clears each mark once the outbox holds them, unless the
 * finding moved on meanwhile (the newer revision keeps its own mark). A revision that replaced an
 * unannounced one is announced as it stands (`stillUnannounced` says what that skips). Returns how
 * many findings were announced; a failed write leaves the marks not yet cleared for the next sweep.
 *
 * A mark younger than `graceMs` is left alone: its writer is most likely announcing it at that
 * moment, and announcing it here too would publish the revision twice (once the writer's copy has
 * left the outbox, the sweep's is recorded anew: seen in CI). A writer that stopped leaves it for
 * a later sweep.
 */
export async function announceUnannounced(
  findings: UnannouncedFindings,
  outbox: Pick<InspectionOutbox, 'send'>,
  warn: (message: string) => void = () => undefined,
  graceMs = 0,
  now = Date.now(),
): Promise<number> {
  // One finding at a time: a stored finding whose announcement cannot be built (a record damaged
  // by hand) is named in the log and left marked, and the others still go out. A failed write
  // (the store away) ends the sweep; the next one starts again.
  const skip = (findingId: string, err: unknown) =>
    warn(`finding ${findingId}: its announcement cannot be built, left marked: ${String(err)}`);
  let announced = 0;
  for (const f of await findings.unannounced(undefined, skip)) {
    if (!f.unannounced) continue;
    if (f.unannounced.markedAt && now - f.unannounced.markedAt.getTime() < graceMs) continue;
    let messages;
    try {
      messages = announcementsOf(f, f.unannounced);
    } catch (err) {
      skip(f.findingId, err);
      continue;
    }
    await outbox.send(messages);
    await findings.announced(f.findingId, f.revision);
    announced += 1;
  }
  return announced;
}

/**
 * Every `announceSweepMs`, announces the finding revisions left unannounced (`announceUnannounced`),
 * so a referral whose announcement failed reaches the discipline service within seconds, without
 * waiting for anyone to touch the finding again.
 */
@Injectable()
export class FindingAnnouncer extends SweepLoop {
  private readonly graceMs: number;

  constructor(
    private readonly findings: FindingsRepository,
    private readonly outbox: InspectionOutbox,
    @Inject(Store) store: Store,
    @Inject(INSPECTION_CONFIG) config: InspectionConfig,
    health: HealthRegistry,
  ) {
    super(health, new Logger('FindingAnnouncer'), {
      what: 'finding announcement sweep',
      everyMs: config.announceSweepMs,
      connect: () => store.connect(),
    });
    this.graceMs = config.announceSweepMs;
  }

  protected async sweep(): Promise<void> {
    // One sweep interval of grace: a mark is its writer's until the sweep after next.
    const announced = await announceUnannounced(this.findings, this.outbox, (m) => this.log.warn(m), this.graceMs);
    if (announced > 0) this.log.warn(`announced ${announced} finding revision(s) left unannounced when raised`);
  }
}
