import { Module } from '@nestjs/common';
import { ProceedingsModule } from '../proceedings/proceedings.module';
import { DecisionsController } from './decisions.controller';
import { DecisionsService } from './decisions.service';

/** Recommendation, decision, referral to investigators, appeal. */
@Module({ imports: [ProceedingsModule], controllers: [DecisionsController], providers: [DecisionsService] })
export class DecisionsModule {}
