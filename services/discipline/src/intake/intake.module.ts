import { Module } from '@nestjs/common';
import { HistoryModule } from '../history/history.module';
import { ProceedingsModule } from '../proceedings/proceedings.module';
import { InspectionsIntake } from './inspections-intake.service';

/** The consumer of `integrity.inspections.v1`: officer history and referrals. */
@Module({ imports: [ProceedingsModule, HistoryModule], providers: [InspectionsIntake] })
export class IntakeModule {}
