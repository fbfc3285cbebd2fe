import { announceUnannounced, type UnannouncedEpochs } from './session-epochs';

type Sent = { id: string; key: string; value: object }[];

/** Users as the store holds them: the epoch and whether it is marked unannounced. */
function usersWith(marked: Record<string, number>) {
  const users = new Map(Object.entries(marked).map(([name, epoch]) => [name, { epoch, unannounced: true }]));
  const repo: UnannouncedEpochs = {
    unannouncedEpochs: () =>
      Promise.resolve(
        [...users].filter(([, u]) => u.unannounced).map(([username, u]) => ({ username, epoch: u.epoch })),
      ),
    epochAnnounced: (username, epoch) => {
      const user = users.get(username);
      if (user?.epoch === epoch) user.unannounced = false;
      return Promise.resolve();
    },
  };
  const raise = (username: string) => users.set(username, { epoch: users.get(username)!.epoch + 1, unannounced: true });
  return { repo, users, raise };
}

/** An outbox whose writes fail while `failing` is set. */
function outbox() {
  const sent: Sent[] = [];
  const box = {
    failing: false,
    sent,
    onSend: (): void => undefined,
    send(messages: Sent): Promise<void> {
      if (box.failing) return Promise.reject(new Error('the store is away'));
      sent.push(messages);
      box.onSend();
      return Promise.resolve();
    },
  };
  return box;
}

describe('the sweep of session epochs left unannounced', () => {
  it('announces on a later sweep an epoch whose outbox write failed, and only then clears its mark', async () => {
    const { repo, users } = usersWith({ 'lanh.dao': 3 });
    const box = outbox();
    box.failing = true;
    await expect(announceUnannounced(repo, box)).rejects.toThrow('the store is away');
    expect(users.get('lanh.dao')?.unannounced).toBe(true);

    box.failing = false;
    expect(await announceUnannounced(repo, box)).toBe(1);
    expect(box.sent).toEqual([
      [
        {
          id: 'session.epoch:lanh.dao:3',
          topic: 'Sessions',
          key: 'lanh.dao',
          value: { userId: 'lanh.dao', epoch: 3, raisedAt: expect.any(String) as string },
        },
      ],
    ]);
    expect(users.get('lanh.dao')?.unannounced).toBe(false);
    // Nothing left: the next sweep announces nothing.
    expect(await announceUnannounced(repo, box)).toBe(0);
    expect(box.sent).toHaveLength(1);
  });

  it('keeps the mark of an epoch raised again while the older one was being announced', async () => {
    const { repo, users, raise } = usersWith({ 'lanh.dao': 3, 'quan.tri': 1 });
    const box = outbox();
    box.onSend = () => {
      box.onSend = () => undefined;
      raise('lanh.dao');
    };
    expect(await announceUnannounced(repo, box)).toBe(2);
    expect(users.get('lanh.dao')).toEqual({ epoch: 4, unannounced: true });
    expect(users.get('quan.tri')).toEqual({ epoch: 1, unannounced: false });
    await announceUnannounced(repo, box);
    expect(box.sent.at(-1)?.map((m) => m.id)).toEqual(['session.epoch:lanh.dao:4']);
    expect(users.get('lanh.dao')?.unannounced).toBe(false);
  });
});
