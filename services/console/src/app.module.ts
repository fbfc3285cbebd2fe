import { Inject, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import express from 'express';
import { HEALTH_PROBES, healthController, httpMetrics, metricsController, type Probe } from '@thads/auth';
import { ApiExceptionFilter, correlationMiddleware, securityHeaders } from '@thads/http';
import { HealthRegistry, ServiceMetrics } from '@thads/platform';
import { clientMiddleware } from './client/client.middleware';
import { CONSOLE_CONFIG, type ConsoleConfig } from './config';
import { ProxyMiddleware } from './proxy/proxy.middleware';
import { SessionController } from './session/session.controller';
import { SessionService } from './session/session.service';

const HealthController = healthController('console');
const MetricsController = metricsController();

/** Whether a service answers its liveness probe: the console is ready when every service it routes to is. */
function reachable(base: string): Probe {
  return async () => (await fetch(new URL('/health/live', base), { signal: AbortSignal.timeout(1500) })).ok;
}

/**
 * The console: the built client, the session, and /api routed to the services — one origin for
 * the browser (ADR 0010). It keeps no data of its own.
 */
@Module({})
export class ConsoleModule implements NestModule {
  constructor(
    @Inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  static forRoot(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      controllers: [HealthController, MetricsController, SessionController],
      providers: [
        { provide: CONSOLE_CONFIG, useValue: config },
        { provide: ServiceMetrics, useValue: new ServiceMetrics('console') },
        HealthRegistry,
        {
          provide: HEALTH_PROBES,
          useValue: Object.fromEntries(
            Object.entries(config.upstreams).map(([name, base]) => [name, reachable(base)]),
          ) as Record<string, Probe>,
        },
        SessionService,
        ProxyMiddleware,
        { provide: APP_FILTER, useFactory: () => new ApiExceptionFilter() },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpMetrics(this.metrics), securityHeaders, correlationMiddleware).forRoutes('*');
    // Only the console's own routes parse a body; /api streams through untouched.
    consumer.apply(express.json({ limit: '16kb' })).forRoutes('console/*path');
    consumer.apply(ProxyMiddleware).forRoutes('api', 'api/*path');
    consumer
      .apply(clientMiddleware(this.config.clientDir))
      .exclude('api', 'api/*path', 'console/*path', 'health', 'health/*path', 'metrics')
      .forRoutes('*');
  }
}
