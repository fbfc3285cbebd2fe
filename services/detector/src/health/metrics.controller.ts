import { Controller, Get, Query } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { Public } from '@thads/auth';
import { Api } from '@thads/http';
import { DetectorService } from '../pipeline/detector.service';

/**
 * The detector's own figures as JSON, for the benchmark: cases tracked, memory. (Operators
 * scrape GET /metrics, the Prometheus format.) `?gc=1` collects
 * garbage first when the process runs with `--expose-gc` (the benchmark starts it so), which
 * makes heap figures comparable between two readings.
 */
@Public()
@Controller('metrics/json')
export class MetricsJsonController {
  constructor(private readonly detector: DetectorService) {}

  @Get()
  @Api({
    summary: "The detector's own figures as JSON (for the benchmark)",
    query: Type.Object({
      gc: Type.Optional(Type.Literal('1', { description: 'Collect garbage first (needs --expose-gc).' })),
    }),
    response: {
      description: 'Cases tracked, partitions held, memory.',
      schema: Type.Record(Type.String(), Type.Unknown()),
    },
  })
  read(@Query('gc') gc?: string): Record<string, unknown> {
    const collect = (globalThis as { gc?: () => void }).gc;
    const collected = gc === '1' && typeof collect === 'function';
    if (collected) collect();
    const m = process.memoryUsage();
    return {
      ...this.detector.stats(),
      gcBeforeReading: collected,
      memory: {
        rss: m.rss,
        heapUsed: m.heapUsed,
        heapTotal: m.heapTotal,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
      },
    };
  }
}
