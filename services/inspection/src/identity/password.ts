import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** The cost parameters of scrypt: N (CPU and memory), r (block size), p (parallelism). */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * Passwords hashed with scrypt, a memory-hard function (Node's own crypto; no native add-on), at
 * the minimum of the OWASP Password Storage Cheat Sheet: N = 2^17, r = 8, p = 1, i.e. 128 MiB and
 * about 0.8 s of one core per hash on the 2-core development machine (a sign-in, or a guess on a
 * stolen hash). Stored as `scrypt$N$r$p$salt$hash` (base64): each hash carries its parameters,
 * so older hashes still verify and are re-made with these at the next sign-in (`needsRehash`).
 */
export const SCRYPT_PARAMS: ScryptParams = { N: 1 << 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

/**
 * Largest parameters a stored hash may ask for: a hash written into the store with N = 2^30
 * would otherwise make one sign-in allocate 128 GiB.
 */
const MAX_PARAMS: ScryptParams = { N: 1 << 20, r: 16, p: 16 };

/**
 * scrypt needs 128 · N · r bytes; Node refuses more than `maxmem` (32 MiB by default, below
 * OWASP's minimum), so allow that with room to spare.
 */
function scrypt(password: string, salt: Buffer, keylen: number, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** The parameters of a stored hash, or undefined when it is not one of ours or asks for absurd costs. */
export function paramsOf(stored: string): ScryptParams | undefined {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const sane = (v: number, max: number) => Number.isInteger(v) && v >= 1 && v <= max;
  if (!sane(params.N, MAX_PARAMS.N) || !sane(params.r, MAX_PARAMS.r) || !sane(params.p, MAX_PARAMS.p)) return undefined;
  return params;
}

/** True when a stored hash was made with less than `wanted` in any parameter: re-make it at the next sign-in. */
export function needsRehash(stored: string, wanted: ScryptParams = SCRYPT_PARAMS): boolean {
  const params = paramsOf(stored);
  return !params || params.N < wanted.N || params.r < wanted.r || params.p < wanted.p;
}

export const MIN_PASSWORD_LENGTH = 12;

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `at least ${MIN_PASSWORD_LENGTH} characters`;
  if (new Set(password).size < 5) return 'too few different characters';
  return undefined;
}

export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const params = paramsOf(stored);
  if (!params) return false;
  const [, , , , salt, hash] = stored.split('$');
  const expected = Buffer.from(hash!, 'base64');
  const key = await scrypt(password, Buffer.from(salt!, 'base64'), expected.length, params);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A one-time password for the first administrator: 20 characters from an unambiguous alphabet. */
export function oneTimePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}
