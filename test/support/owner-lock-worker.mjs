// One contender for a lock of the local stack (deploy/local/owner-lock.mjs), for
// test/stack-owner-lock.int-spec.ts:
//
//   node owner-lock-worker.mjs <lock> <startAt> <pauseMs> <once|retry>
//
// waits until the epoch millisecond startAt (so that all contenders try at once), tries to take
// the lock (pausing pauseMs between finding a stale lock and taking it over, to widen the race),
// and prints one JSON line: { pid, acquired, owner }. `retry` tries again, as stack.mjs does,
// while the answer is "a lock in the making" (owner null), for up to 10 s. A winner keeps the
// lock until its stdin closes, then releases it.
import { tryTakeLock } from '../../deploy/local/owner-lock.mjs';

const [lock, startAt, pauseMs, mode] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

await sleep(Number(startAt) - Date.now());
const deadline = Date.now() + 10_000;
let result;
for (;;) {
  result = await tryTakeLock(lock, { beforeTakeover: () => sleep(Number(pauseMs)) });
  if (result.acquired || result.owner !== null || mode === 'once' || Date.now() > deadline) break;
  await sleep(50);
}
process.stdout.write(
  `${JSON.stringify({ pid: process.pid, acquired: result.acquired, owner: result.owner ?? null })}\n`,
);
if (result.acquired) {
  process.stdin.resume();
  await new Promise((r) => process.stdin.once('end', r));
  result.release();
}
process.exit(0);
