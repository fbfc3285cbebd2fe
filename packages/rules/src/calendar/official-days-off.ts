/**
 * Official days off for civil servants, per year, as decreed (the weekend is not listed).
 * `daysOff` are weekdays off work; `workingDays` are Saturdays or Sundays made working days by a
 * swap decree. Years not in this table fall back to the holiday library (see calendar.ts), which
 * knows the fixed and lunar dates but not the decreed bridges. Administrators extend this table
 * through the store; this list is the default shipped with the code.
 */
export interface OfficialYear {
  year: number;
  daysOff: string[];
  workingDays?: string[];
  source: string;
}

export const OFFICIAL_DAYS_OFF: OfficialYear[] = [
  {
    year: 2024,
    daysOff: [
      '2024-01-01',
      '2024-02-08',
      '2024-02-09',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14', // Tết Giáp Thìn
      '2024-04-18', // Giỗ Tổ Hùng Vương
      '2024-04-29',
      '2024-04-30',
      '2024-05-01',
      '2024-09-02',
      '2024-09-03',
    ],
    workingDays: ['2024-05-04'],
    source: 'Công văn 6150/LĐTBXH-CVL (Tết 2024); Thông báo 30/4–1/5 và 2/9/2024',
  },
  {
    year: 2025,
    daysOff: [
      '2025-01-01',
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31', // Tết Ất Tỵ (25/1–2/2)
      '2025-04-07', // Giỗ Tổ Hùng Vương
      '2025-04-30',
      '2025-05-01',
      '2025-05-02',
      '2025-09-01',
      '2025-09-02',
    ],
    workingDays: ['2025-04-26'],
    source: 'Công văn 5813/LĐTBXH-CVL (Tết 2025); Thông báo 30/4–1/5 và 2/9/2025',
  },
  {
    year: 2026,
    daysOff: [
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20', // Tết Bính Ngọ (14/2–22/2)
      '2026-04-27', // Giỗ Tổ Hùng Vương (26/4 is a Sunday)
      '2026-04-30',
      '2026-05-01',
      '2026-09-01',
      '2026-09-02',
    ],
    source: 'Thông báo nghỉ Tết Bính Ngọ 2026 (14/2–22/2); Bộ luật Lao động 2019 điều 112',
  },
];
