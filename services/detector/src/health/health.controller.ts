import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Type } from '@sinclair/typebox';
import { Public } from '@thads/auth';
import { Api } from '@thads/http';
import { HealthRegistry } from '@thads/platform';
import { DetectorService } from '../pipeline/detector.service';

const Health = Type.Object(
  {
    service: Type.Literal('detector'),
    status: Type.Union([Type.Literal('up'), Type.Literal('down')]),
    partitions: Type.Array(Type.Integer(), { description: 'Input partitions this instance holds.' }),
    trackedCases: Type.Integer(),
    buffered: Type.Integer(),
    registryEntries: Type.Integer(),
  },
  { additionalProperties: true },
);

@Public()
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
  @Api({
    summary: 'Liveness: the process answers',
    response: { description: 'Alive.', schema: Type.Object({ status: Type.Literal('alive') }) },
  })
  live(): { status: 'alive' } {
    return { status: 'alive' };
  }

  @Get()
  @Api({
    summary: 'Health of the detector',
    description:
      'Its components (store, rules, Kafka, consumers) and what this instance holds. 503 naming what is down.',
    response: { description: 'Everything is up.', schema: Health },
    errors: { 503: 'Something is down.' },
  })
  check(@Res() res: Response): void {
    const snap = this.health.snapshot();
    res
      .status(snap.status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ service: 'detector', ...snap, ...this.detector.stats() });
  }
}
