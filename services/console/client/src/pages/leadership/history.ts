import type { OfficerHistory } from './types';

/**
 * An officer's history read page by page (the discipline service answers the newest workflow
 * steps first, `next` for the older ones) put back together as one: a finding whose steps span
 * two pages is one finding, its steps in order, each step once. Pure, unit-tested.
 */
export function mergeHistoryPages(pages: readonly OfficerHistory[]): OfficerHistory | undefined {
  const [first] = pages;
  if (!first) return undefined;
  const byFinding = new Map<string, OfficerHistory['findings'][number]>();
  for (const page of pages)
    for (const f of page.findings) {
      const known = byFinding.get(f.findingId);
      const steps = [...(known?.steps ?? []), ...f.steps];
      const seen = new Set<string>();
      const unique = steps.filter((s) => {
        const key = `${s.type}|${s.at}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      unique.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      byFinding.set(f.findingId, { ...(known ?? f), steps: unique });
    }
  const latest = (f: OfficerHistory['findings'][number]) => f.steps.at(-1)?.at ?? f.detectedAt;
  const findings = [...byFinding.values()].sort((a, b) => (latest(a) < latest(b) ? 1 : latest(a) > latest(b) ? -1 : 0));
  const last = pages[pages.length - 1]!;
  const { next: _next, ...identity } = first;
  return { ...identity, findings, ...(last.next ? { next: last.next } : {}) };
}
