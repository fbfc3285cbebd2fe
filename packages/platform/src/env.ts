/**
 * Reading the environment. Each service calls these once, in its config module, and passes the
 * typed result around: nothing else reads `process.env`.
 */
export class ConfigError extends Error {}

export function envString(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v === '' ? fallback : v;
}

export function envInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new ConfigError(`${name} must be an integer, got "${v}"`);
  return n;
}

export function envList(env: NodeJS.ProcessEnv, name: string, fallback: string[]): string[] {
  const v = env[name];
  return v === undefined || v === '' ? fallback : v.split(',').map((s) => s.trim()).filter(Boolean);
}
