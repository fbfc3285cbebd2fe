import type { SessionEpochMessage } from '@thads/contracts';
import type { InspectionOutbox } from '../core/outbox';

/**
 * Announces raised session epochs on `integrity.sessions.v1` (compacted, key: the user) through
 * the outbox, so a broker away when a session ends delays the announcement instead of losing it.
 * The message id names the user and the epoch: the same epoch recorded twice is one message.
 */
export async function announceEpochs(
  outbox: InspectionOutbox,
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
