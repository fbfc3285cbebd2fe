#!/usr/bin/env node
// `npm run faults`: every scripted fault of test/faults.int-spec.ts (kill -9 and restart of each
// service, each paused past its session timeout, Kafka restarted, the store stopped 30 s, Redis
// restarted, a second detector mid-stream), each compared with an undisturbed run of the same
// simulated province; prints a table of the results and exits non-zero if any differs.
//
// It runs on a stack of its own — Kafka, FerretDB and Redis on other ports, with their data in
// .local/faults — which the test starts, stops and restarts itself (`stack.mjs infra --only …`),
// so the shared infrastructure on the standard ports is never touched. Ports: FAULTS_KAFKA_PORT
// (default 29092, controller +1), FAULTS_MONGO_PORT (27027), FAULTS_REDIS_PORT (6389).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const kafkaPort = Number(process.env.FAULTS_KAFKA_PORT ?? 29092);
const mongoPort = Number(process.env.FAULTS_MONGO_PORT ?? 27027);
const redisPort = Number(process.env.FAULTS_REDIS_PORT ?? 6389);

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env });
  return r.status ?? 1;
}

// Dependencies and the services' builds (the test runs the services from dist, as deployed).
if (run(process.execPath, [join(root, 'deploy', 'local', 'stack.mjs'), 'build']) !== 0) process.exit(1);
// The tools the stack needs (Kafka jars, FerretDB, redis-server): once, before the clock starts.
if (run('bash', [join(root, 'deploy', 'local', 'install.sh')]) !== 0) process.exit(1);

const env = { ...process.env };
// Whatever points at another stack (an `npm test` environment) must not leak into this one.
for (const name of ['KAFKA_BROKERS', 'MONGO_URL', 'REDIS_URL']) delete env[name];
Object.assign(env, {
  FAULTS: 'all',
  STACK_DIR: join('.local', 'faults'),
  KAFKA_PORT: String(kafkaPort),
  KAFKA_CONTROLLER_PORT: String(kafkaPort + 1),
  MONGO_PORT: String(mongoPort),
  REDIS_PORT: String(redisPort),
  KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
  MONGO_URL: `mongodb://127.0.0.1:${mongoPort}/`,
  // REDIS_URL unset: the harness builds it from REDIS_PORT and .local/redis-password, the
  // password stack.mjs gives every Redis it starts.
});
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
process.exit(
  run(
    process.execPath,
    [jest, '--ci', '--selectProjects', 'integration', '--runInBand', 'test/faults.int-spec.ts'],
    env,
  ),
);
