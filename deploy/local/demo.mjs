#!/usr/bin/env node
// `npm run demo` (deploy/local/stack.mjs demo): once the stack is up in its `demo` namespace,
// fill it so that every screen of the console has something to show —
//   1. the two first administrators' one-time passwords (from the inspection service's log) are
//      changed to passwords this script makes;
//   2. one user per role is created through the API (privileged roles approved by the second
//      administrator, as four-eyes requires), each linked to an officer of the simulated registry,
//      and their one-time passwords changed;
//   3. a simulated province — a year of cases in the thirteen offices, with planted
//      irregularities — is published to the input topics (the detector raises the findings);
//   4. one finding is taken through triage, inspection, conclusion and referral, so that the
//      discipline committee has a proceeding;
// and prints the sign-in names and passwords (kept in .local/demo/credentials.json: a second
// `npm run demo` reuses the namespace and prints them again).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const local = join(root, '.local');
const credentialsFile = join(local, 'demo', 'credentials.json');
const inspection = `http://127.0.0.1:${process.env.HTTP_PORT ?? 8080}`;
const consoleUrl = `http://127.0.0.1:${process.env.CONSOLE_HTTP_PORT ?? 8090}/`;
const log = (line) => process.stdout.write(`[demo] ${line}\n`);

/** A password people can type: four groups of letters and digits (about 95 bits). */
const password = () =>
  randomBytes(12)
    .toString('base64url')
    .replace(/(.{4})(?!$)/g, '$1-');

/** The users of the demo: one per role, each the registry officer of the simulated province named. */
const PEOPLE = [
  { username: 'thanhtra.an', name: 'Trần Văn An', roles: ['inspector'], unitId: 'DT', officerId: 'DT-O53' },
  { username: 'thanhtra.binh', name: 'Lê Thị Bình', roles: ['inspector'], unitId: 'DT-KV01', officerId: 'DT-KV01-O53' },
  { username: 'giamsat.cuong', name: 'Phạm Quốc Cường', roles: ['inspection_supervisor'], unitId: 'DT' },
  { username: 'hoidong.dung', name: 'Võ Thị Dung', roles: ['committee_chair'], unitId: 'DT', officerId: 'DT-O51' },
  { username: 'hoidong.em', name: 'Nguyễn Văn Em', roles: ['committee_member'], unitId: 'DT', officerId: 'DT-O52' },
  { username: 'lanhdao.giang', name: 'Đặng Hoàng Giang', roles: ['leadership'], unitId: 'DT', officerId: 'DT-O50' },
];

async function call(method, path, token, body) {
  const res = await fetch(`${inspection}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : {};
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.code ?? ''} ${json.message?.en ?? text}`);
  return json;
}

async function until(what, check, timeoutMs = 600_000) {
  const start = Date.now();
  let last = '';
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
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

async function main() {
  if (existsSync(credentialsFile)) {
    log('the demo namespace is already filled');
    printCredentials(JSON.parse(readFileSync(credentialsFile, 'utf8')));
    return;
  }
  // 1. The first administrators, from the one-time passwords the service printed once.
  const serviceLog = readFileSync(join(local, 'logs', 'inspection.log'), 'utf8');
  const oneTime = (name) =>
    [...serviceLog.matchAll(new RegExp(`administrator "${name}" created; one-time password: (\\S+)`, 'g'))].at(-1)?.[1];
  const creds = [];
  const admins = {};
  for (const name of ['admin', 'admin2']) {
    const otp = oneTime(name);
    if (!otp)
      throw new Error(
        `no one-time password of ${name} in .local/logs/inspection.log: delete the demo database (see the README) and run again`,
      );
    const pw = password();
    admins[name] = await takeOver(name, otp, pw);
    creds.push({ username: name, password: pw, role: 'admin' });
  }
  log('administrators ready');

  // 2. One user per role; privileged roles wait for the second administrator.
  const tokens = {};
  for (const p of PEOPLE) {
    const created = await call('POST', '/api/users', admins.admin, {
      username: p.username,
      name: p.name,
      roles: p.roles,
      unitId: p.unitId,
      ...(p.officerId ? { officerId: p.officerId } : {}),
    });
    if (created.pendingGrant) await call('POST', `/api/users/grants/${created.pendingGrant.id}/approve`, admins.admin2);
    const pw = password();
    tokens[p.username] = await takeOver(p.username, created.oneTimePassword, pw);
    creds.push({ username: p.username, password: pw, role: p.roles.join(', ') });
  }
  log(`${PEOPLE.length} users created`);

  // 3. A year of a simulated province, with irregularities planted in 4% of the cases.
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
    ],
    { stdio: 'inherit', env: process.env },
  );
  if (sim.status !== 0) throw new Error(`the simulator exited with ${sim.status}`);

  // 4. A finding taken to the discipline committee.
  const sup = tokens['giamsat.cuong'];
  log('waiting for the detector and the assignment (a few minutes on a small machine)');
  const finding = await until('an assigned finding', async () => {
    for (const who of ['thanhtra.an', 'thanhtra.binh']) {
      const page = await call('GET', '/api/findings?assignee=me&status=open&pageSize=50', tokens[who]);
      const f = page.items.find((i) => i.officerId);
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
  log(`finding ${finding.findingId} referred to the discipline committee`);

  mkdirSync(dirname(credentialsFile), { recursive: true });
  writeFileSync(credentialsFile, JSON.stringify(creds, null, 2), { mode: 0o600 });
  printCredentials(creds);
}

main().catch((err) => {
  process.stderr.write(`[demo] ${err.message}\n`);
  process.exit(1);
});
