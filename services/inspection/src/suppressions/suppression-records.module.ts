import { Module } from '@nestjs/common';
import { Store } from '@thads/store';
import { ActiveSuppressions } from './active-suppressions';
import { SuppressionsRepository } from './suppressions.repository';

/**
 * The stored suppressions and the copy of the active ones, apart from the suppressions feature
 * itself: finding intake needs them, and the feature needs the findings (no import cycle).
 */
@Module({
  providers: [
    {
      provide: SuppressionsRepository,
      inject: [Store],
      useFactory: (store: Store) => new SuppressionsRepository(store),
    },
    ActiveSuppressions,
  ],
  exports: [SuppressionsRepository, ActiveSuppressions],
})
export class SuppressionRecordsModule {}
