import { metricsController } from '@thads/auth';

/** GET /metrics (Prometheus): consumer lag per group, BullMQ queue depths, HTTP latency per route, process figures. */
export const MetricsController = metricsController();
