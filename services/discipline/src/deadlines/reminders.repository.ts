import { Inject, Injectable } from '@nestjs/common';
import type { Collection } from 'mongodb';
import { Store, insertOnce } from '@thads/store';

export interface Reminder {
  _id: string;
  /** Officer ids of whoever owns the step. */
  to: string[];
  proceedingId: string;
  step: string;
  dueOn: string;
  at: Date;
}

/** Reminders of the proceedings' time limits, as codes with parameters for the console (`discipline_reminders`, insert only). */
@Injectable()
export class RemindersRepository {
  constructor(@Inject(Store) private readonly store: Store) {}

  private get reminders(): Collection<Reminder> {
    return this.store.collection<Reminder>('discipline_reminders');
  }

  /** False when this reminder was sent already (the job ran again). */
  add(reminder: Reminder): Promise<boolean> {
    return insertOnce(this.reminders, reminder);
  }

  forOfficer(officerId: string, limit = 100): Promise<Reminder[]> {
    return this.reminders.find({ to: officerId }).sort({ at: -1 }).limit(limit).toArray();
  }
}
