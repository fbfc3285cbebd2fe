import { BadRequestException } from '@nestjs/common';

/** 400 naming the field that is wrong. */
export function badField(field: string, message: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', field, message: `${field}: ${message}` });
}

export function requireString(body: unknown, field: string, max = 200): string {
  const v = (body as Record<string, unknown> | null | undefined)?.[field];
  if (typeof v !== 'string' || v.length === 0) throw badField(field, 'required, a non-empty string');
  if (v.length > max) throw badField(field, `at most ${max} characters`);
  return v;
}

export function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw badField(field, `one of ${allowed.join(', ')}`);
  return value as T;
}

export function dateParam(value: unknown, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw badField(field, 'a date (YYYY-MM-DD or RFC 3339)');
  return value;
}

export function intParam(value: unknown, field: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw badField(field, `an integer from ${min} to ${max}`);
  return n;
}

