// The image's HEALTHCHECK (deploy/docker/Dockerfile; docker-compose.yml runs the same): GET the
// service's liveness endpoint with Node's built-in fetch, so the slim image needs no curl.
//
// Liveness, not readiness: GET /health answers 503 while Kafka or the store is away, and a
// container restarted for that would only come back to the same outage (the services retry on
// their own). /health/live answers 200 as long as the process serves HTTP.
//
// Reads the same variables as the services, with the same defaults (packages/platform, each
// service's config.ts), so a port changed in the environment is checked where it listens.
const endpoints = {
  detector: { variable: 'DETECTOR_HEALTH_PORT', port: '8081' },
  inspection: { variable: 'HTTP_PORT', port: '8080' },
  insight: { variable: 'INSIGHT_HTTP_PORT', port: '8082' },
  discipline: { variable: 'DISCIPLINE_HTTP_PORT', port: '8083' },
  console: { variable: 'CONSOLE_HTTP_PORT', port: '8090' },
};

const service = process.env.SERVICE ?? '';
const endpoint = endpoints[service];
if (!endpoint) {
  console.error(`SERVICE must be one of ${Object.keys(endpoints).join(', ')}; got "${service}"`);
  process.exit(1);
}
const port = process.env[endpoint.variable] || endpoint.port;
const url = `http://127.0.0.1:${port}/health/live`;

try {
  // Shorter than the HEALTHCHECK's --timeout, so a hung answer is reported here, with the URL.
  const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
  if (!res.ok) console.error(`GET ${url}: HTTP ${res.status}`);
  process.exit(res.ok ? 0 : 1);
} catch (err) {
  console.error(`GET ${url}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
