import { Inject, Injectable, Logger } from '@nestjs/common';
import type { SessionEpochMessage } from '@thads/contracts';
import { HealthRegistry, SweepLoop } from '@thads/platform';
import { Store } from '@thads/store';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { InspectionOutbox } from '../core/outbox';
import { UsersRepository } from './users.repository';

/**
 * Announces raised session epochs on `integrity.sessions.v1` (compacted, key: the user) through
 * the outbox, so a broker away when a session ends delays the announcement instead of losing it.
 * The message id names the user and the epoch: the same epoch recorded twice is one message.
 */
export async function announceEpochs(
  outbox: Pick<InspectionOutbox, 'send'>,
  epochs: readonly { username: string; epoch: number }[],
  at = new Date(),
): Promise<void> {
  const raisedAt = at.toISOString();
  for (let i = 0; i < epochs.length; i += 500)
    await outbox.send(
      epochs.slice(i, i + 500).map(({ username, epoch }) => {
        const value: SessionEpochMessage = { userId: username, epoch, raisedAt };
        return { id: `session.epoch:${username}:${epoch}`, topic: 'Sessions' as const, key: username, value };
      }),
    );
}

/** The users' marks of epochs raised but not yet announced (`UsersRepository`). */
export type UnannouncedEpochs = Pick<UsersRepository, 'unannouncedEpochs' | 'epochAnnounced'>;

/**
 * Announces every epoch still marked unannounced — its raise was stored, but the process stopped
 * or the outbox write failed before the announcement was recorded — and clears each mark once the
 * outbox holds it. Returns how many were announced. A failed write leaves every mark for the next
 * sweep; announcing an epoch twice (a sweep racing the raise itself) is harmless, readers keep the
 * highest.
 */
export async function announceUnannounced(
  users: UnannouncedEpochs,
  outbox: Pick<InspectionOutbox, 'send'>,
): Promise<number> {
  const epochs = await users.unannouncedEpochs();
  if (epochs.length === 0) return 0;
  await announceEpochs(outbox, epochs);
  for (const { username, epoch } of epochs) await users.epochAnnounced(username, epoch);
  return epochs.length;
}

/**
 * Every `sessionEpochSweepMs`, announces the session epochs left unannounced (`announceUnannounced`),
 * so the other services refuse an ended session within seconds even when the announcement failed
 * at the time of the raise, not only after the inspection service's next start.
 */
@Injectable()
export class EpochAnnouncer extends SweepLoop {
  constructor(
    private readonly users: UsersRepository,
    private readonly outbox: InspectionOutbox,
    @Inject(Store) store: Store,
    @Inject(INSPECTION_CONFIG) config: InspectionConfig,
    health: HealthRegistry,
  ) {
    super(health, new Logger('Identity'), {
      what: 'session epoch sweep',
      everyMs: config.sessionEpochSweepMs,
      connect: () => store.connect(),
    });
  }

  protected async sweep(): Promise<void> {
    const announced = await announceUnannounced(this.users, this.outbox);
    if (announced > 0) this.log.warn(`announced ${announced} session epoch(s) left unannounced when raised`);
  }
}
