import { Controller, Get, HttpStatus, Inject, Res, type Type as Class } from '@nestjs/common';
import type { Response } from 'express';
import { Type } from '@sinclair/typebox';
import { Api } from '@thads/http';
import { HealthRegistry } from '@thads/platform';
import { Public } from './guard';

export const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  down: Type.Array(Type.String()),
  components: Type.Record(
    Type.String(),
    Type.Object({ up: Type.Boolean(), detail: Type.Optional(Type.String()), since: Type.Optional(Type.String()) }),
  ),
});

export type Probe = () => Promise<boolean>;

/** The infrastructure probes of a service (`{ kafka: () => bus.ping(), ... }`), provided by its module. */
export const HEALTH_PROBES = Symbol('HEALTH_PROBES');

const PROBE_TIMEOUT_MS = 2000;

/** A probe's answer within 2 s; a probe that hangs (a client queueing commands while its server is away) is down. */
function within(probe: Probe): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    probe().then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(false);
      },
    );
  });
}

/**
 * GET /health (readiness: 200 when the infrastructure probes and every component of the
 * service's registry are up, 503 naming what is down) and GET /health/live (liveness: the
 * process answers — an orchestrator that restarted on readiness would restart every pod in a
 * loop during a Kafka outage, which retrying already handles).
 */
export function healthController(service: string): Class<unknown> {
  @Public()
  @Controller('health')
  class HealthController {
    constructor(
      @Inject(HealthRegistry) private readonly health: HealthRegistry,
      @Inject(HEALTH_PROBES) private readonly probes: Record<string, Probe>,
    ) {}

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
      summary: `Health of the ${service} service`,
      description: `The infrastructure it uses and its own consumers. 200 when all are up, 503 naming what is down.`,
      response: { description: 'Everything is up.', schema: HealthSchema },
      errors: { 503: 'Something is down; `down` names it.' },
    })
    async check(@Res() res: Response): Promise<void> {
      const named = Object.entries(this.probes);
      const results = await Promise.all(named.map(([, probe]) => within(probe)));
      const own = this.health.snapshot();
      const components: Record<string, { up: boolean; detail?: string; since?: string }> = {
        ...Object.fromEntries(named.map(([name], i) => [name, { up: results[i] ?? false }])),
        ...Object.fromEntries(Object.entries(own.components).map(([k, v]) => [`${service}.${k}`, v])),
      };
      const down = Object.entries(components)
        .filter(([, v]) => !v.up)
        .map(([k]) => k);
      res
        .status(down.length === 0 ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .json({ status: down.length ? 'down' : 'up', down, components });
    }
  }
  return HealthController;
}
