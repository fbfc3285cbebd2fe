import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthRegistry } from '@thads/platform';
import { DetectorService } from '../pipeline/detector.service';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthRegistry,
    private readonly detector: DetectorService,
  ) {}

  /**
   * Liveness: the process answers. Readiness (`/health`) is 503 while a dependency is away;
   * an orchestrator that restarted on that would restart every pod in a loop during a Kafka
   * outage, which retrying already handles.
   */
  @Get('live')
  live(): { status: 'alive' } {
    return { status: 'alive' };
  }

  @Get()
  check(@Res() res: Response): void {
    const snap = this.health.snapshot();
    res
      .status(snap.status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ service: 'detector', ...snap, ...this.detector.stats() });
  }
}
