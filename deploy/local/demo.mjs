#!/usr/bin/env node
// `npm run demo` (deploy/local/stack.mjs demo): once the stack is up in its `demo` namespace,
// fill it so that every screen of the console has something to show —
//   1. the two first administrators' one-time passwords (from the inspection service's log) are
//      changed to passwords this script makes;
//   2. a simulated province — a year of cases in the thirteen offices, with planted
//      irregularities — is published to the input topics (the detector raises the findings);
//   3. users of every role (four inspectors) are created through the API (privileged roles approved by the second
//      administrator, as four-eyes requires), each linked to an officer of the simulated registry,
//      and their one-time passwords changed;
//   4. one finding about an officer of an area office is taken through triage, inspection,
//      conclusion and referral, so that the discipline committee has a proceeding;
//   5. its council is formed and the subject summoned for the first day the law allows;
// and prints the sign-in names and passwords (kept in .local/demo/credentials.json with what is
// done: a run stopped half-way carries on; a second `npm run demo` prints them again;
// `npm run demo -- --reset` empties the namespace and starts afresh).
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const local = join(root, '.local');
const credentialsFile = join(local, 'demo', 'credentials.json');
const inspection = `http://127.0.0.1:${process.env.HTTP_PORT ?? 8080}`;
const disciplineUrl = `http://127.0.0.1:${process.env.DISCIPLINE_HTTP_PORT ?? 8083}`;
const consoleUrl = `http://127.0.0.1:${process.env.CONSOLE_HTTP_PORT ?? 8090}/`;
const log = (line) => process.stdout.write(`[demo] ${line}\n`);

/** A password people can type: four groups of four letters and digits, none that look alike (about 93 bits). */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const password = () =>
  Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join(
    '-',
  );

/** The users of the demo: one per role, each the registry officer of the simulated province named. */
// The inspectors work at the provincial agency: an area office's own inspector may not inspect its
// office alone (the unit concerned), and 63 findings need more than one inspector's cap of 15.
// The discipline committee's users sit in one area office, whose head disciplines its officers
// (its deputy head chairs the council, DOMAIN.md); the referred finding is about one of them.
// Its registry officers are the simulator's: O50 head, O51 deputy head, O52 accountant, O54 clerk.
const COMMITTEE_UNIT = 'DT-KV10';
const INSPECTORS = ['thanhtra.an', 'thanhtra.binh', 'thanhtra.chau', 'thanhtra.duc'];
const PEOPLE = [
  { username: 'thanhtra.an', name: 'Trần Văn An', roles: ['inspector'], unitId: 'DT', officerId: 'DT-O53' },
  { username: 'thanhtra.binh', name: 'Lê Thị Bình', roles: ['inspector'], unitId: 'DT' },
  { username: 'thanhtra.chau', name: 'Ngô Minh Châu', roles: ['inspector'], unitId: 'DT' },
  { username: 'thanhtra.duc', name: 'Hoàng Văn Đức', roles: ['inspector'], unitId: 'DT' },
  { username: 'giamsat.cuong', name: 'Phạm Quốc Cường', roles: ['inspection_supervisor'], unitId: 'DT' },
  {
    username: 'hoidong.dung',
    name: 'Võ Thị Dung',
    roles: ['committee_chair'],
    unitId: COMMITTEE_UNIT,
    officerId: `${COMMITTEE_UNIT}-O51`,
  },
  {
    username: 'hoidong.em',
    name: 'Nguyễn Văn Em',
    roles: ['committee_member'],
    unitId: COMMITTEE_UNIT,
    officerId: `${COMMITTEE_UNIT}-O52`,
  },
  { username: 'lanhdao.giang', name: 'Đặng Hoàng Giang', roles: ['leadership'], unitId: 'DT', officerId: 'DT-O50' },
];

/** Network failures worth one more try: a kept-alive connection the service closed while idle. */
const STALE_CONNECTION = new Set(['UND_ERR_SOCKET', 'ECONNRESET']);

async function call(method, path, token, body, base = inspection, retried = false) {
  let res;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (err) {
    // The connection kept from before the simulator ran may have been closed by the service
    // (its keep-alive ends after 5 s idle): once more on a new one. A user created by the first
    // try meets 409 on the second, which the caller handles.
    const code = err.cause?.code;
    if (!retried && STALE_CONNECTION.has(code)) return call(method, path, token, body, base, true);
    // fetch says only "fetch failed"; the cause says why (a refused connection, a reset).
    throw new Error(`${method} ${path}: ${code ?? err.cause?.message ?? err.message}`);
  }
  const text = await res.text();
  const json = text ? JSON.parse(text) : {};
  if (!res.ok)
    throw Object.assign(new Error(`${method} ${path}: ${res.status} ${json.code ?? ''} ${json.message?.en ?? text}`), {
      answer: json,
    });
  return json;
}

const discipline = (method, path, token, body) => call(method, path, token, body, disciplineUrl);

async function until(what, check, timeoutMs = 600_000) {
  const start = Date.now();
  let last = '';
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      if (err.fatal) throw err;
      last = err.message;
    }
    if (Date.now() - start > timeoutMs) throw new Error(`gave up waiting for ${what}${last ? `: ${last}` : ''}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

const signIn = async (username, pw) =>
  (await call('POST', '/api/auth/sign-in', undefined, { username, password: pw })).accessToken;

/** Signs in with a one-time password and replaces it; the token of the new password. */
async function takeOver(username, oneTime, chosen) {
  const token = await signIn(username, oneTime);
  await call('POST', '/api/auth/password', token, { currentPassword: oneTime, newPassword: chosen });
  return signIn(username, chosen);
}

function printCredentials(creds) {
  const width = Math.max(...creds.map((c) => c.username.length));
  process.stdout.write(`\nOpen ${consoleUrl} and sign in as any of these users:\n\n`);
  for (const c of creds) process.stdout.write(`  ${c.username.padEnd(width)}  ${c.password}   ${c.role}\n`);
  process.stdout.write(`\n(kept in ${credentialsFile}; Ctrl-C stops the stack)\n`);
}

/**
 * `npm run demo -- --reset`: the demo's namespace emptied before the stack starts — its topics and
 * consumer groups, its databases, its queues and what this script kept — so that the next run
 * fills it afresh. Deleting the databases alone would not do: the consumer groups would resume
 * from their committed offsets and the services' views would never see the registry again.
 */
async function reset() {
  const prefix = process.env.TOPIC_PREFIX ?? 'demo-';
  const database = process.env.MONGO_DB ?? 'thads_demo';
  const queuePrefix = process.env.QUEUE_PREFIX ?? 'thads-demo';
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({
    clientId: 'demo-reset',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
    if (groups.length > 0) await admin.deleteGroups(groups);
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 60_000 });
    log(`deleted ${topics.length} topics and ${groups.length} consumer groups (${prefix}*)`);
  } finally {
    await admin.disconnect();
  }
  const { MongoClient } = await import('mongodb');
  const mongo = await MongoClient.connect(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/');
  try {
    const names = (await mongo.db('admin').admin().listDatabases()).databases.map((d) => d.name);
    const ours = names.filter((n) => n === database || n.startsWith(`${database}_`));
    for (const name of ours) await mongo.db(name).dropDatabase();
    log(`dropped the databases ${ours.join(', ') || '(none)'}`);
  } finally {
    await mongo.close();
  }
  const { Redis } = await import('ioredis');
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  await redis.connect();
  try {
    let removed = 0;
    for await (const keys of redis.scanStream({ match: `${queuePrefix}:*`, count: 500 })) {
      if (keys.length > 0) removed += await redis.del(...keys);
    }
    log(`deleted ${removed} queue keys (${queuePrefix}:*)`);
  } finally {
    redis.disconnect();
  }
  rmSync(dirname(credentialsFile), { recursive: true, force: true });
}

/**
 * What the demo has done so far, saved after each step: a run stopped half-way (Ctrl-C, a
 * service slow to start) carries on where it stopped instead of failing on passwords it already
 * changed. `complete` once every step is done.
 */
function loadState() {
  if (!existsSync(credentialsFile)) return { complete: false, users: [], simulated: false };
  const saved = JSON.parse(readFileSync(credentialsFile, 'utf8'));
  // The first version kept only the finished list of users.
  return Array.isArray(saved) ? { complete: true, users: saved, simulated: true } : saved;
}

function saveState(state) {
  mkdirSync(dirname(credentialsFile), { recursive: true });
  writeFileSync(credentialsFile, JSON.stringify(state, null, 2), { mode: 0o600 });
}

/** Retries `attempt` while the registry has not reached the service (the unit is not known yet). */
async function whenUnitKnown(what, attempt) {
  return until(what, async () => {
    try {
      return await attempt();
    } catch (err) {
      if (/UNIT_OUT_OF_SCOPE|not in the registry/.test(err.message)) return undefined;
      throw Object.assign(err, { fatal: true });
    }
  });
}

async function main() {
  const state = loadState();
  if (state.complete) {
    log('the demo namespace is already filled (npm run demo -- --reset starts it afresh)');
    printCredentials(state.users);
    return;
  }
  const known = (username) => state.users.find((u) => u.username === username);
  const remember = (entry) => {
    state.users.push(entry);
    saveState(state);
  };

  // 1. The first administrators, from the one-time passwords the service printed once.
  const serviceLog = readFileSync(join(local, 'logs', 'inspection.log'), 'utf8');
  const oneTime = (name) =>
    [...serviceLog.matchAll(new RegExp(`administrator "${name}" created; one-time password: (\\S+)`, 'g'))].at(-1)?.[1];
  const admins = {};
  for (const name of ['admin', 'admin2']) {
    const saved = known(name);
    if (saved) {
      admins[name] = await signIn(name, saved.password);
      continue;
    }
    const otp = oneTime(name);
    if (!otp)
      throw new Error(`no one-time password of ${name} in .local/logs/inspection.log: run npm run demo -- --reset`);
    const pw = password();
    admins[name] = await takeOver(name, otp, pw);
    remember({ username: name, password: pw, role: 'admin' });
  }
  log('administrators ready');

  // 2. A year of a simulated province, with irregularities planted in 4% of the cases. First,
  // because the users below belong to its units and are its officers.
  if (!state.simulated) {
    mkdirSync(dirname(credentialsFile), { recursive: true });
    const start = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    log(`publishing a simulated province from ${start} (about a minute)`);
    const sim = spawnSync(
      process.execPath,
      [
        join(root, 'packages', 'simulator', 'dist', 'cli', 'simulate.js'),
        '--cases',
        '1500',
        '--anomalies',
        '0.04',
        '--seed',
        '2026',
        '--start',
        start,
        // What was planted, beside the credentials rather than in the working directory.
        '--truth',
        join(dirname(credentialsFile), 'simulation.truth.json'),
      ],
      { stdio: 'inherit', env: process.env },
    );
    if (sim.status !== 0) throw new Error(`the simulator exited with ${sim.status}`);
    state.simulated = true;
    saveState(state);
  }

  // 3. One user per role, once the registry of the province has reached the inspection service;
  // privileged roles wait for the second administrator.
  const tokens = {};
  for (const p of PEOPLE) {
    const saved = known(p.username);
    if (saved) {
      tokens[p.username] = await signIn(p.username, saved.password);
      continue;
    }
    const created = await whenUnitKnown(`the unit ${p.unitId} in the registry`, () =>
      call('POST', '/api/users', admins.admin, {
        username: p.username,
        name: p.name,
        roles: p.roles,
        unitId: p.unitId,
        ...(p.officerId ? { officerId: p.officerId } : {}),
      }).catch(async (err) => {
        // Created by a run stopped before it could save the password: a new one-time password.
        if (!/ 409 /.test(err.message)) throw err;
        const reset = await call('POST', `/api/users/${encodeURIComponent(p.username)}/password-reset`, admins.admin);
        return { oneTimePassword: reset.oneTimePassword };
      }),
    );
    if (created.pendingGrant) await call('POST', `/api/users/grants/${created.pendingGrant.id}/approve`, admins.admin2);
    const pw = password();
    tokens[p.username] = await takeOver(p.username, created.oneTimePassword, pw);
    remember({ username: p.username, password: pw, role: p.roles.join(', ') });
  }
  log(`${PEOPLE.length} users ready`);

  // 4. A finding taken to the discipline committee.
  if (!state.referred) {
    const sup = tokens['giamsat.cuong'];
    log('waiting for the detector and the assignment (a few minutes on a small machine)');
    const finding = await until('an assigned finding', async () => {
      for (const who of INSPECTORS) {
        const page = await call('GET', '/api/findings?assignee=me&status=open&pageSize=50', tokens[who]);
        // An officer of the committee's office, none of its leaders.
        const f = page.items.find(
          (i) => i.unitId === COMMITTEE_UNIT && i.officerId && !i.officerId.startsWith(`${COMMITTEE_UNIT}-O5`),
        );
        if (f) return { ...f, inspector: who };
      }
      return undefined;
    });
    const step = (token, body) =>
      call('POST', `/api/findings/${encodeURIComponent(finding.findingId)}/transitions`, token, body);
    await step(sup, { to: 'triaged' });
    await step(tokens[finding.inspector], { to: 'under_inspection' });
    await call('POST', `/api/findings/${encodeURIComponent(finding.findingId)}/notes`, tokens[finding.inspector], {
      text: 'Đã đối chiếu sổ quỹ và chứng từ chi; sai phạm được xác nhận.',
    });
    await step(tokens[finding.inspector], {
      to: 'concluded',
      result: 'substantiated',
      reasoning: 'Chứng từ cho thấy sai phạm đúng như phát hiện; cán bộ không giải trình được.',
      truePositive: true,
    });
    await step(sup, { to: 'referred', target: 'discipline_committee', note: 'Đề nghị Hội đồng kỷ luật xem xét.' });
    state.referred = finding.findingId;
    saveState(state);
    log(`finding ${finding.findingId} referred to the discipline committee`);
  }

  // 5. The committee at work: the council formed (the authority's deputy head in the chair) and
  // the subject summoned for the earliest day the law allows; the meeting and the ballot are the
  // committee's to hold in the console.
  if (state.referred && !state.summoned) {
    const chair = tokens['hoidong.dung'];
    const proceedingId = `DP-${state.referred}`;
    const path = `/api/discipline/proceedings/${encodeURIComponent(proceedingId)}`;
    await until(`the proceeding ${proceedingId}`, () => discipline('GET', path, chair));
    const proceeding = await discipline('GET', path, chair);
    if (proceeding.status === 'opened')
      await discipline('POST', `${path}/council`, chair, {
        chair: `${COMMITTEE_UNIT}-O51`,
        members: [`${COMMITTEE_UNIT}-O52`, `${COMMITTEE_UNIT}-O54`],
        alternates: [`${COMMITTEE_UNIT}-O50`],
      });
    // The first day the law allows: a working day at least five working days ahead (a day off or
    // a day too soon is refused with 400, and the next one tried).
    let meetingOn;
    for (let days = 7; meetingOn === undefined; days += 1) {
      const day = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
      try {
        await discipline('POST', `${path}/summons`, chair, { meetingOn: day });
        meetingOn = day;
      } catch (err) {
        if (days > 40 || !/ 400 /.test(err.message)) throw err;
      }
    }
    state.summoned = meetingOn;
    saveState(state);
    log(`council formed for ${proceedingId}; the subject is summoned for ${meetingOn}`);
  }

  state.complete = true;
  saveState(state);
  printCredentials(state.users);
}

(process.argv.includes('--reset') ? reset() : main()).catch((err) => {
  process.stderr.write(`[demo] ${err.message}\n`);
  process.exit(1);
});
