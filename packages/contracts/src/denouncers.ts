/**
 * DOMAIN.md (Complaints and denunciations): a denouncer's name, address and handwriting are kept
 * secret, and nothing the integrity topics carry may name one (docs/events-integrity.md). A
 * finding's evidence figures are free-form (each rule writes its own), so the fields that could
 * point to a denouncer or a complainant are recognised by name: the listed ones, and any name
 * that starts with `denouncer` or `complainant` (`denouncerName`, `complainantAddress`), so that a
 * new rule cannot leak one by choosing a new name.
 */
export const DENOUNCER_FIELDS: readonly string[] = ['complaintId', 'complaintIds', 'complainantId', 'denouncerId'];
const DENOUNCER_PREFIXES = ['denouncer', 'complainant'];

/** Whether a field name names or points to a denouncer or complainant (case does not matter). */
export function isDenouncerField(key: string): boolean {
  const k = key.toLowerCase();
  return DENOUNCER_FIELDS.some((f) => f.toLowerCase() === k) || DENOUNCER_PREFIXES.some((p) => k.startsWith(p));
}

/** `value` without any denouncer field, at any depth, and how many were removed. */
export function withoutDenouncerFields<T>(value: T): { value: T; removed: number } {
  const removed = { count: 0 };
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (isDenouncerField(k)) removed.count += 1;
      else out[k] = strip(x);
    }
    return out;
  };
  return { value: strip(value) as T, removed: removed.count };
}
