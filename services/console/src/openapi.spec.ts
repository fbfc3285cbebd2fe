import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The client's API types are generated from the services' OpenAPI documents and committed
 * (ADR 0010): when a service's API changes, this fails until they are generated again
 * (`npm run openapi -w @thads/console`). It reads the services' builds, as `npm test` makes them.
 */
describe("the console client's API types", () => {
  it('match the OpenAPI documents the services build from their controllers', () => {
    const script = join(__dirname, '..', 'scripts', 'openapi.mjs');
    const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 60_000);
});
