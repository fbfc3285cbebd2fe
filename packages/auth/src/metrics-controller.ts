import { Controller, Get, Inject, Res, type NestMiddleware, type Type as Class } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Api } from '@thads/http';
import { ServiceMetrics } from '@thads/platform';
import { Type } from '@sinclair/typebox';
import { Public } from './guard';

/**
 * GET /metrics in the Prometheus text format, for operators. Public on the service's port like
 * /health: it carries counts and latencies, no case or person data; expose the port to the
 * monitoring network only.
 */
export function metricsController(): Class<unknown> {
  @Public()
  @Controller('metrics')
  class MetricsController {
    constructor(@Inject(ServiceMetrics) private readonly metrics: ServiceMetrics) {}

    @Get()
    @Api({
      summary: 'Prometheus metrics',
      description:
        'Consumer lag per group, events handled, HTTP latency per route, process figures, and queue depths where the service has queues.',
      response: { description: 'The Prometheus text format.', schema: Type.String() },
    })
    async read(@Res() res: Response): Promise<void> {
      res.type(this.metrics.contentType).send(await this.metrics.text());
    }
  }
  return MetricsController;
}

/** Times every HTTP answer into `http_request_duration_seconds`, labelled by the route pattern (not the path: ids would explode the series). */
export function httpMetrics(metrics: ServiceMetrics): NestMiddleware['use'] {
  return (req: Request, res: Response, next: NextFunction) => {
    const end = metrics.http.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      const pattern = route ? `${req.baseUrl}${route}` : 'unmatched';
      end({ method: req.method, route: pattern, status: String(res.statusCode) });
    });
    next();
  };
}
