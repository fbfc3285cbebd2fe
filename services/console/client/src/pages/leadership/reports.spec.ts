import { filenameOf, reportUrl } from './reports';

describe('report downloads', () => {
  it('asks the insight service for the unit, period and language', () => {
    expect(reportUrl('pdf', 'DT', { from: '2024-10-01', to: '2025-10-01' }, 'vi')).toBe(
      '/api/insight/reports/statistics.pdf?unitId=DT&from=2024-10-01&to=2025-10-01&lang=vi',
    );
    expect(reportUrl('xlsx', 'DT KV/1', { from: '2025-01-01', to: '2025-04-01' }, 'en')).toBe(
      '/api/insight/reports/statistics.xlsx?unitId=DT+KV%2F1&from=2025-01-01&to=2025-04-01&lang=en',
    );
  });

  it('keeps the file name the service gives', () => {
    expect(filenameOf('attachment; filename="thads-statistics-DT-2024-10-01-2025-10-01.pdf"', 'x.pdf')).toBe(
      'thads-statistics-DT-2024-10-01-2025-10-01.pdf',
    );
    expect(filenameOf('attachment; filename="a.pdf"; filename*=UTF-8\'\'b%C3%A1o-c%C3%A1o.pdf', 'x.pdf')).toBe(
      'báo-cáo.pdf',
    );
    expect(filenameOf('attachment; filename=plain.xlsx', 'x.xlsx')).toBe('plain.xlsx');
    expect(filenameOf(null, 'x.xlsx')).toBe('x.xlsx');
    expect(filenameOf('attachment', 'x.xlsx')).toBe('x.xlsx');
  });
});
