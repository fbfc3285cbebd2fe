// One owner per data directory (deploy/local/stack.mjs): the lock file `<dir>/owner.lock` that the
// process starting Kafka, FerretDB or Redis on that directory holds while it runs it.
//
// A lock holds "<pid> <token>": the owner's process id and a random token, so that no two locks
// ever read the same. It is written to a file of its own first and then linked into place
// (link() fails when the name exists), so it is never seen empty. A lock whose process is gone
// (killed with -9) is stale and taken over; so is one that is empty or unreadable for longer than
// a few seconds (a crash between creating and writing it, as the former way of writing it could
// leave).
//
// Taking over is where two waiters race: both find the same stale lock, and if both removed it
// and created their own, the second removal could take away the lock the first had just made,
// and both would start the component on one directory. So a stale lock is removed only by the
// one process that creates `<lock>.takeover-<key>-<n>` first, <key> naming that very lock (its
// content, inode and time), and only after it has checked, holding that marker, that the lock
// still is the one it judged stale: a lock once removed never comes back under the same key, so
// no other lock can be removed in its place. Should the marker's holder die half-way, the next
// waiter takes marker n+1.
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  linkSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** How long an empty or unreadable lock (or takeover marker) may still be one in the making. */
export const UNREADABLE_GRACE_MS = 5_000;

export function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Creates `path` holding `content`, or returns false when it exists. Never leaves it empty where link() works. */
function createExclusive(path, content) {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  writeFileSync(tmp, content, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if (err.code === 'EEXIST') return false;
    // A file system without hard links: create and write (an empty lock is then possible for a
    // moment, which the grace period covers).
    if (['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(err.code)) return createDirectly(path, content);
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

function createDirectly(path, content) {
  try {
    writeFileSync(path, content, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (err) {
    if (err.code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * What is at `path` now, read through one descriptor (content and inode of the same file): its
 * key, its owner's pid (null when empty or unreadable), its age; null when there is none.
 */
export function inspectLock(path) {
  let fd;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if (err.code === 'ENOENT') return null;
    throw err;
  }
  try {
    const st = fstatSync(fd);
    const content = readFileSync(fd, 'utf8');
    const m = /^(\d+)(?: ([0-9a-f]+))?\s*$/.exec(content);
    const pid = m && Number(m[1]) > 0 ? Number(m[1]) : null;
    const key = createHash('sha256').update(`${st.dev}:${st.ino}:${st.mtimeMs}:${content}`).digest('hex').slice(0, 24);
    return { key, pid, content, ageMs: Date.now() - st.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** Stale: its process is gone, or it has been empty or unreadable past the grace period. */
function isStale(seen, graceMs) {
  return seen.pid === null ? seen.ageMs > graceMs : !processAlive(seen.pid);
}

/**
 * Removes the lock `seen` describes if it still is there, unless another live process is doing
 * so already: 'removed' (by this process), 'changed' (it is not there any more) or 'busy'
 * (another process is taking it over).
 */
function removeStale(lock, seen, graceMs, content) {
  const prefix = `${basename(lock)}.takeover-${seen.key}-`;
  for (let n = 0; n < 1000; n++) {
    const marker = join(dirname(lock), `${prefix}${n}`);
    if (createExclusive(marker, content)) {
      // This process alone may remove that lock now: check it is still the one judged stale.
      const still = inspectLock(lock)?.key === seen.key;
      if (still) rmSync(lock, { force: true });
      // The lock of that key is gone for good: its markers (this one, any of a holder that died)
      // serve no more. Only the markers: a contender's temporary file of one (`<marker>.tmp-…`,
      // written and about to be linked) is its own; deleting it made its link fail (seen in CI).
      for (const name of readdirSync(dirname(lock)))
        if (name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
          rmSync(join(dirname(lock), name), { force: true });
      return still ? 'removed' : 'changed';
    }
    const holder = inspectLock(marker);
    // Removed meanwhile: its holder is done.
    if (holder === null) return 'changed';
    // Its holder is at it (or the marker is being written): leave it to that process.
    if (!isStale(holder, graceMs)) return 'busy';
    // Its holder died half-way: the next marker.
  }
  return 'busy';
}

/** Temporary files of processes that died between writing one and linking it. */
function removeStrayTemporaries(lock) {
  const prefix = `${basename(lock)}.`;
  for (const name of readdirSync(dirname(lock))) {
    const m = /\.tmp-(\d+)-[0-9a-f]+$/.exec(name);
    if (name.startsWith(prefix) && m && !processAlive(Number(m[1]))) rmSync(join(dirname(lock), name), { force: true });
  }
}

/**
 * Tries once to take `lock` (its directory must exist), taking over a stale one.
 *
 *   { acquired: true, release }   this process holds it; release() removes it if it still is ours
 *   { acquired: false, owner }    another process holds it (its pid), or, with owner null, a lock
 *                                 is being written or taken over: try again in a moment
 *
 * options.graceMs: how long an empty or unreadable lock is left alone (UNREADABLE_GRACE_MS);
 * options.onTakeover(seen): told when this process has removed a stale lock (seen.pid: its
 * process, null when it was empty or unreadable); options.beforeTakeover: awaited between judging
 * a lock stale and taking it over (tests widen the race with it).
 */
export async function tryTakeLock(lock, options = {}) {
  const graceMs = options.graceMs ?? UNREADABLE_GRACE_MS;
  const content = `${process.pid} ${randomBytes(16).toString('hex')}\n`;
  for (let attempt = 0; attempt < 20; attempt++) {
    if (createExclusive(lock, content)) {
      removeStrayTemporaries(lock);
      return { acquired: true, release: () => release(lock, content) };
    }
    const seen = inspectLock(lock);
    if (seen === null) continue; // released meanwhile: try again
    if (!isStale(seen, graceMs)) return { acquired: false, owner: seen.pid };
    await options.beforeTakeover?.();
    const outcome = removeStale(lock, seen, graceMs, content);
    if (outcome === 'busy') return { acquired: false, owner: null };
    if (outcome === 'removed') options.onTakeover?.(seen);
  }
  return { acquired: false, owner: null };
}

/** Removes the lock if it is still the one this process wrote. */
function release(lock, content) {
  try {
    if (readFileSync(lock, 'utf8') === content) unlinkSync(lock);
  } catch {
    /* gone already */
  }
}
