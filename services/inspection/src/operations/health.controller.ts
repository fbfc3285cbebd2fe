import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Type } from '@sinclair/typebox';
import { Public } from '@thads/auth';
import { Api } from '@thads/http';
import { KafkaBus } from '@thads/messaging';
import { HealthRegistry } from '@thads/platform';
import { Store } from '@thads/store';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { JobQueues } from '../core/job-queues';

const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  down: Type.Array(Type.String()),
  components: Type.Record(
    Type.String(),
    Type.Object({ up: Type.Boolean(), detail: Type.Optional(Type.String()), since: Type.Optional(Type.String()) }),
  ),
});

/**
 * GET /health: the whole system's health in one answer — Kafka, the store, Redis, this
 * service's loops and the detector (through its own health endpoint). 200 when everything is
 * up; 503 naming what is down.
 */
const PROBE_TIMEOUT_MS = 2000;

function within<T>(probe: Promise<T>, onTimeout: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(onTimeout), PROBE_TIMEOUT_MS);
    probe.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(onTimeout);
      },
    );
  });
}

@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(INSPECTION_CONFIG) private readonly config: InspectionConfig,
    private readonly health: HealthRegistry,
    private readonly bus: KafkaBus,
    @Inject(Store) private readonly store: Store,
    private readonly queues: JobQueues,
  ) {}

  /**
   * Liveness: the process answers. Readiness (`/health`) is 503 while a dependency is away;
   * an orchestrator that restarted on that would restart every pod in a loop during a Kafka
   * outage, which retrying already handles.
   */
  @Get('live')
  @Api({
    summary: 'Liveness: the process answers',
    description: "For an orchestrator's liveness probe; use GET /health for readiness.",
    response: { description: 'Alive.', schema: Type.Object({ status: Type.Literal('alive') }) },
  })
  live(): { status: 'alive' } {
    return { status: 'alive' };
  }

  @Get()
  @Api({
    summary: 'Health of the whole system',
    description:
      "Kafka, the store, Redis, this service's consumers and workers, and the detector. 200 when all are up, 503 naming what is down.",
    response: { description: 'Everything is up.', schema: HealthSchema },
    errors: { 503: 'Something is down; `down` names it.' },
  })
  async check(@Res() res: Response): Promise<void> {
    // Every probe is bounded: a dependency that hangs (Redis commands queue while it is down)
    // must make the answer 503, not make the answer wait.
    const [kafka, store, redis, detector] = await Promise.all([
      within(this.bus.ping(), false),
      within(this.store.ping(), false),
      within(
        this.queues.redis.ping().then(
          () => true,
          () => false,
        ),
        false,
      ),
      within(this.detector(), { up: false, detail: 'no answer within 2 s' }),
    ]);
    const infra: Record<string, { up: boolean; detail?: string }> = {
      kafka: { up: kafka },
      store: { up: store },
      redis: { up: redis },
    };
    if (detector) infra['detector'] = detector;
    const own = this.health.snapshot();
    const components = {
      ...infra,
      ...Object.fromEntries(Object.entries(own.components).map(([k, v]) => [`inspection.${k}`, v])),
    };
    const down = Object.entries(components)
      .filter(([, v]) => !v.up)
      .map(([k]) => k);
    res
      .status(down.length === 0 ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: down.length ? 'down' : 'up', down, components });
  }

  private async detector(): Promise<{ up: boolean; detail?: string } | undefined> {
    if (!this.config.detectorHealthUrl) return undefined;
    try {
      const res = await fetch(this.config.detectorHealthUrl, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      if (res.ok) return { up: true };
      const body = (await res.json()) as { components?: Record<string, { up: boolean; detail?: string }> };
      const bad = Object.entries(body.components ?? {})
        .filter(([, v]) => !v.up)
        .map(([k, v]) => `${k}: ${v.detail ?? 'down'}`);
      return { up: false, detail: bad.join('; ') || `HTTP ${res.status}` };
    } catch (err) {
      return { up: false, detail: `unreachable: ${(err as Error).message}` };
    }
  }
}
