import { Controller, Get, Query } from '@nestjs/common';
import { DetectorService } from '../pipeline/detector.service';

/**
 * The detector's own figures as JSON, for the benchmark: cases tracked, memory. (Operators
 * scrape GET /metrics, the Prometheus format.) `?gc=1` collects
 * garbage first when the process runs with `--expose-gc` (the benchmark starts it so), which
 * makes heap figures comparable between two readings.
 */
@Controller('metrics/json')
export class MetricsController {
  constructor(private readonly detector: DetectorService) {}

  @Get()
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
