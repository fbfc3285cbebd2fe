import { lazy, Suspense, useId, useState, type ReactNode } from 'react';
import { Card, Segmented, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { CARD_HEADING, VISUALLY_HIDDEN } from './style';

// The chart library loads when the first chart is drawn, not with the page.
const Chart = lazy(() => import('./Chart'));

type View = 'chart' | 'table';

/**
 * A card holding one chart and the same figures as a table: the chart is named in words for
 * screen readers (`summary`), and the table view is one keyboard press away for anyone who
 * prefers numbers to shapes.
 */
export function ChartCard({
  title,
  summary,
  option,
  table,
  height,
  extra,
  initial = 'chart',
  testId,
}: {
  title: string;
  summary: string;
  /** No option: nothing to draw (the table says why). */
  option: Record<string, unknown> | undefined;
  table: ReactNode;
  height?: number;
  extra?: ReactNode;
  initial?: View;
  testId?: string;
}) {
  const { t } = useTranslation('leadership');
  const [view, setView] = useState<View>(initial);
  const headingId = useId();
  const shown = option ? view : 'table';
  return (
    <Card
      size="small"
      data-testid={testId}
      aria-labelledby={headingId}
      title={
        <h2 id={headingId} style={CARD_HEADING}>
          {title}
        </h2>
      }
      extra={
        <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
          {extra}
          {option ? (
            <Segmented<View>
              size="small"
              aria-label={t('view.label', { title })}
              value={shown}
              onChange={setView}
              options={[
                { value: 'chart', label: t('view.chart') },
                { value: 'table', label: t('view.table') },
              ]}
            />
          ) : null}
        </span>
      }
      style={{ height: '100%' }}
    >
      {shown === 'chart' && option ? (
        <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
          <Chart option={option} label={summary} {...(height ? { height } : {})} />
        </Suspense>
      ) : (
        <>
          <p style={VISUALLY_HIDDEN}>{summary}</p>
          {table}
        </>
      )}
    </Card>
  );
}
