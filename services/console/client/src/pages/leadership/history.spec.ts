import { mergeHistoryPages } from './history';
import type { OfficerHistory } from './types';

const step = (type: string, at: string) => ({ type, at });
const finding = (findingId: string, steps: { type: string; at: string }[]) => ({
  findingId,
  ruleId: 'late-decision',
  severity: 'medium',
  title: { vi: 'Chậm ra quyết định', en: 'Late decision' },
  detectedAt: '2025-03-01T00:00:00+07:00',
  steps,
});
const page = (findings: OfficerHistory['findings'], next?: string): OfficerHistory => ({
  officerId: 'DT-KV01-O01',
  unitId: 'DT-KV01',
  name: 'Trần Văn Minh',
  findings,
  proceedings: [],
  ...(next ? { next } : {}),
});

describe("an officer's history read page by page", () => {
  it('joins the steps of a finding that span two pages, in order, each once, newest finding first', () => {
    const newest = page(
      [
        finding('F-1', [step('inspection.concluded', '2025-05-02T10:00:00+07:00')]),
        finding('F-2', [step('inspection.dismissed', '2025-06-01T10:00:00+07:00')]),
      ],
      'cursor-1',
    );
    const older = page([
      finding('F-1', [
        step('inspection.sla_breached', '2025-04-20T10:00:00+07:00'),
        step('inspection.concluded', '2025-05-02T10:00:00+07:00'),
      ]),
    ]);
    const merged = mergeHistoryPages([newest, older])!;
    expect(merged.findings.map((f) => [f.findingId, f.steps.map((s) => s.type)])).toEqual([
      ['F-2', ['inspection.dismissed']],
      ['F-1', ['inspection.sla_breached', 'inspection.concluded']],
    ]);
    // The last page had no `next`: nothing older is left.
    expect(merged.next).toBeUndefined();
    expect(merged.name).toBe('Trần Văn Minh');
  });

  it('keeps the cursor of the last page read, and is nothing before the first page', () => {
    expect(mergeHistoryPages([page([], 'cursor-1')])!.next).toBe('cursor-1');
    expect(mergeHistoryPages([])).toBeUndefined();
  });
});
