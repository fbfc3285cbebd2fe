import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { IdentityModule } from '../identity/identity.module';
import { TeamController } from './team.controller';

/** The supervisors' view of their team. */
@Module({
  imports: [FindingsModule, IdentityModule],
  controllers: [TeamController],
})
export class TeamModule {}
