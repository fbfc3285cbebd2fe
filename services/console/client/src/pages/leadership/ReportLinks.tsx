import { useState } from 'react';
import { FileExcelOutlined, FilePdfOutlined, LoadingOutlined } from '@ant-design/icons';
import { App, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorResult';
import { downloadFile } from './download';
import type { Period } from './periods';
import { reportUrl, type ReportKind } from './reports';

/**
 * The statistics report of the unit and period, as plain links to the insight service's
 * workbook and PDF (the session cookie authenticates them). A click fetches the file here so
 * the page can say that the report is being made and show the service's error if it fails.
 */
export function ReportLinks({ unitId, period }: { unitId: string; period: Period }) {
  const { t, i18n } = useTranslation('leadership');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const { message } = App.useApp();
  const [busy, setBusy] = useState<ReportKind | undefined>();
  const [error, setError] = useState<unknown>();

  async function download(kind: ReportKind, url: string) {
    setBusy(kind);
    setError(undefined);
    const name = `thads-statistics-${unitId}-${period.from}-${period.to}.${kind}`;
    try {
      await downloadFile(url, name);
      void message.success(t('downloaded', { name }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  }

  const link = (kind: ReportKind) => {
    const url = reportUrl(kind, unitId, period, lang);
    const label = kind === 'pdf' ? t('downloadPdf') : t('downloadXlsx');
    const icon = busy === kind ? <LoadingOutlined /> : kind === 'pdf' ? <FilePdfOutlined /> : <FileExcelOutlined />;
    return (
      <Button
        key={kind}
        href={url}
        download
        icon={icon}
        aria-busy={busy === kind}
        data-testid={`report-${kind}`}
        onClick={(e) => {
          // Modified clicks (new tab, save as) go to the browser as for any link.
          if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
          e.preventDefault();
          if (busy === undefined) void download(kind, url);
        }}
      >
        {label}
      </Button>
    );
  };

  return (
    <div>
      <Space wrap>
        {link('xlsx')}
        {link('pdf')}
        <span role="status" aria-live="polite">
          {busy ? t('preparing') : ''}
        </span>
      </Space>
      {error ? (
        <div style={{ marginTop: 8 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
    </div>
  );
}
