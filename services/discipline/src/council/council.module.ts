import { Module } from '@nestjs/common';
import { ProceedingsModule } from '../proceedings/proceedings.module';
import { CouncilController } from './council.controller';
import { CouncilService } from './council.service';

/** Forming the council and keeping its seats free of anyone concerned. */
@Module({ imports: [ProceedingsModule], controllers: [CouncilController], providers: [CouncilService] })
export class CouncilModule {}
