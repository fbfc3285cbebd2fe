import { Card, Col, Descriptions, Empty, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType, TableProps } from 'antd/es/table';
import { useId, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatMoney, formatNumber, formatRate } from '../../lib/format';
import { ChartCard } from './ChartCard';
import { durationShown } from './durations';
import { cellsOf, type HeatMap } from './heatmap';
import type { Period } from './periods';
import { explainScore, type ScorePart } from './score';
import { CARD_HEADING, COLOURS, TAG_STYLE } from './style';
import { against } from './targets';
import type { Integrity, Statistics } from './types';

/**
 * A table of figures that scrolls sideways on a narrow screen inside a region keyboard users can
 * focus and scroll (the figures hold no link to tab to), named for screen readers.
 */
function DataTable<T extends object>({ label, ...props }: TableProps<T> & { label: string }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <Table<T> {...props} />
    </div>
  );
}

/** A card whose title is the page's second-level heading. */
export function Panel({
  title,
  children,
  testId,
  extra,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
  extra?: ReactNode;
}) {
  const id = useId();
  return (
    <Card
      size="small"
      data-testid={testId}
      aria-labelledby={id}
      title={
        <h2 id={id} style={CARD_HEADING}>
          {title}
        </h2>
      }
      extra={extra}
      style={{ height: '100%' }}
    >
      {children}
    </Card>
  );
}

/** "03/2025" for a month of the trend. */
function monthLabel(from: string): string {
  return formatDate(from).slice(3);
}

const numberTooltip = {
  trigger: 'axis',
  valueFormatter: (v: unknown) => (typeof v === 'number' ? formatNumber(v) : '—'),
};

// ---- completion against the national target -------------------------------------------------

/** A bullet bar: the rate as a filled bar, the target as a mark across it, both also in words. */
function Bullet({
  label,
  rate,
  target,
  targetYear,
  detail,
  testId,
}: {
  label: string;
  rate: number | null;
  target: number | undefined;
  targetYear: number;
  detail: string;
  testId: string;
}) {
  const { t } = useTranslation('leadership');
  const state = against(rate, target);
  const targetText =
    target === undefined
      ? t('completion.noTarget', { year: targetYear })
      : t('completion.target', { year: targetYear, rate: formatRate(target) });
  const pct = (r: number) => `${Math.max(0, Math.min(100, r * 100))}%`;
  return (
    <div data-testid={testId} style={{ marginBottom: 20 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 8 }}>
        <Typography.Text strong>{label}</Typography.Text>
        <span data-testid={`${testId}-rate`} style={{ fontSize: 26, fontWeight: 600 }}>
          {rate === null ? '—' : formatRate(rate)}
        </span>
      </div>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={rate === null ? 0 : Math.round(rate * 1000) / 10}
        aria-valuetext={t('completion.meter', {
          label,
          rate: rate === null ? t('completion.noRate') : formatRate(rate),
          target: targetText,
        })}
        style={{ position: 'relative', height: 18, background: '#f0f0f0', borderRadius: 4, margin: '6px 0' }}
      >
        <div
          style={{
            width: rate === null ? 0 : pct(rate),
            height: '100%',
            borderRadius: 4,
            background: state === 'short' ? COLOURS.danger : state === 'reached' ? COLOURS.success : COLOURS.primary,
          }}
        />
        {target === undefined ? null : (
          <div
            aria-hidden
            style={{
              position: 'absolute',
              left: pct(target),
              top: -5,
              bottom: -5,
              width: 3,
              marginLeft: -1,
              background: COLOURS.target,
            }}
          />
        )}
      </div>
      <Space wrap size={[12, 4]}>
        <Typography.Text data-testid={`${testId}-detail`}>{detail}</Typography.Text>
        <Typography.Text type="secondary">{targetText}</Typography.Text>
        {state === 'reached' ? <Tag style={TAG_STYLE.reached}>{t('completion.reached')}</Tag> : null}
        {state === 'short' && rate !== null && target !== undefined ? (
          <Tag style={TAG_STYLE.short}>{t('completion.short', { gap: formatNumber((target - rate) * 100) })}</Tag>
        ) : null}
        {rate === null ? <Tag>{t('completion.noRate')}</Tag> : null}
      </Space>
    </div>
  );
}

export function CompletionPanel({
  stats,
  target,
  targetYear,
}: {
  stats: Statistics;
  target: { cases: number; money: number } | undefined;
  targetYear: number;
}) {
  const { t } = useTranslation('leadership');
  return (
    <Panel title={t('completion.title')} testId="completion">
      <Bullet
        testId="completion-cases"
        label={t('completion.cases')}
        rate={stats.completionRate}
        target={target?.cases}
        targetYear={targetYear}
        detail={t('completion.casesOf', { completed: formatNumber(stats.completed), able: formatNumber(stats.able) })}
      />
      <Bullet
        testId="completion-money"
        label={t('completion.money')}
        rate={stats.money.completionRate}
        target={target?.money}
        targetYear={targetYear}
        detail={t('completion.moneyOf', {
          completed: formatMoney(stats.money.completed),
          able: formatMoney(stats.money.able),
        })}
      />
    </Panel>
  );
}

// ---- backlog -----------------------------------------------------------------------------------

export function BacklogPanel({ stats }: { stats: Statistics }) {
  const { t } = useTranslation('leadership');
  const bars = ['carriedOver', 'new', 'completed', 'carriedNext'] as const;
  type Row = { key: string; cases: number; money?: number };
  const rows: Row[] = [
    { key: 'carriedOver', cases: stats.carriedOver },
    { key: 'new', cases: stats.new },
    { key: 'handled', cases: stats.handled },
    { key: 'toExecute', cases: stats.toExecute, money: stats.money.toExecute },
    { key: 'able', cases: stats.able, money: stats.money.able },
    { key: 'unable', cases: stats.unable, money: stats.money.unable },
    { key: 'completed', cases: stats.completed, money: stats.money.completed },
    { key: 'carriedNext', cases: stats.carriedNext },
  ];
  const columns: ColumnsType<Row> = [
    { title: t('backlog.figure'), key: 'figure', render: (_, r) => t(`backlog.${r.key}`) },
    {
      title: t('backlog.cases'),
      key: 'cases',
      align: 'right',
      render: (_, r) => <span data-testid={`backlog-${r.key}`}>{formatNumber(r.cases)}</span>,
    },
    {
      title: t('backlog.money'),
      key: 'money',
      align: 'right',
      render: (_, r) =>
        r.money === undefined ? '' : <span data-testid={`backlog-money-${r.key}`}>{formatMoney(r.money)}</span>,
    },
  ];
  return (
    <ChartCard
      testId="backlog"
      title={t('backlog.title')}
      summary={t('backlog.summary', {
        carriedOver: formatNumber(stats.carriedOver),
        new: formatNumber(stats.new),
        completed: formatNumber(stats.completed),
        carriedNext: formatNumber(stats.carriedNext),
      })}
      initial="table"
      option={{
        tooltip: numberTooltip,
        grid: { left: 56, right: 16, top: 16, bottom: 32 },
        xAxis: { type: 'category', data: bars.map((k) => t(`backlog.${k}`)) },
        yAxis: { type: 'value' },
        series: [
          {
            type: 'bar',
            name: t('backlog.cases'),
            data: bars.map((k, i) => ({ value: stats[k], itemStyle: { color: COLOURS.series[i] } })),
            label: {
              show: true,
              position: 'top',
              color: COLOURS.target,
              formatter: (p: { value: number }) => formatNumber(p.value),
            },
          },
        ],
      }}
      table={
        <DataTable<Row>
          label={t('backlog.title')}
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={rows}
          columns={columns}
        />
      }
    />
  );
}

// ---- the integrity score -----------------------------------------------------------------------

function formulaOf(part: ScorePart, t: TFunction<'leadership'>): string {
  const i = part.inputs;
  const n = (k: string) => formatNumber(i[k] ?? 0);
  switch (part.key) {
    case 'findings':
      return t('score.formulas.findings', {
        low: n('low'),
        medium: n('medium'),
        high: n('high'),
        critical: n('critical'),
        activeCases: n('activeCases'),
      });
    case 'slaBreaches':
      return t('score.formulas.slaBreaches', { breaches: n('breaches'), findings: n('findings') });
    case 'complaints':
      return t('score.formulas.complaints', {
        late: n('late'),
        overdue: n('overdue'),
        received: n('received'),
        pending: n('pending'),
      });
    case 'moneyAtRisk':
      return t('score.formulas.moneyAtRisk', { amount: formatMoney(i['amount']), held: formatMoney(i['held']) });
  }
}

export function ScorePanel({ figures }: { figures: Integrity }) {
  const { t } = useTranslation('leadership');
  const explained = explainScore(figures);
  if (!explained)
    return (
      <Panel title={t('score.title')} testId="score">
        <Typography.Paragraph>{t('score.none')}</Typography.Paragraph>
      </Panel>
    );
  const columns: ColumnsType<ScorePart> = [
    { title: t('score.part'), key: 'part', render: (_, p) => t(`score.parts.${p.key}`) },
    { title: t('score.how'), key: 'how', render: (_, p) => <span style={{ fontSize: 12 }}>{formulaOf(p, t)}</span> },
    {
      title: t('score.points'),
      key: 'points',
      align: 'right',
      render: (_, p) => (
        <span data-testid={`score-${p.key}`}>{p.points === 0 ? '0' : `−${formatNumber(p.points)}`}</span>
      ),
    },
    { title: t('score.max'), key: 'max', align: 'right', render: (_, p) => formatNumber(p.max) },
  ];
  return (
    <Panel title={t('score.title')} testId="score">
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 6 }}>
        <span
          data-testid="score-value"
          style={{
            fontSize: 34,
            fontWeight: 600,
            color: explained.score >= 80 ? COLOURS.success : explained.score >= 60 ? COLOURS.target : COLOURS.danger,
          }}
        >
          {formatNumber(explained.score)}
        </span>
        <Typography.Text type="secondary">{t('score.outOf')}</Typography.Text>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('score.formula')}
      </Typography.Paragraph>
      <DataTable<ScorePart>
        label={t('score.title')}
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={explained.parts}
        columns={columns}
      />
      {Math.abs(explained.fromParts - explained.score) > 0.05 ? (
        <Typography.Paragraph type="warning" style={{ marginTop: 8 }}>
          {t('score.moved')}
        </Typography.Paragraph>
      ) : null}
    </Panel>
  );
}

// ---- findings trend ----------------------------------------------------------------------------

export function TrendPanel({ figures }: { figures: Integrity }) {
  const { t } = useTranslation('leadership');
  type Month = Integrity['trend'][number];
  const months = figures.trend;
  const peak = months.reduce<Month | undefined>(
    (best, m) => (best === undefined || m.findings > best.findings ? m : best),
    undefined,
  );
  const columns: ColumnsType<Month> = [
    { title: t('trend.month'), key: 'month', render: (_, m) => monthLabel(m.from) },
    { title: t('trend.findings'), key: 'findings', align: 'right', render: (_, m) => formatNumber(m.findings) },
    { title: t('trend.suppressed'), key: 'suppressed', align: 'right', render: (_, m) => formatNumber(m.suppressed) },
    {
      title: t('trend.per100'),
      key: 'per100',
      align: 'right',
      render: (_, m) => formatNumber(m.findingsPer100ActiveCases),
    },
    { title: t('trend.precision'), key: 'precision', align: 'right', render: (_, m) => formatRate(m.precision) },
    { title: t('trend.score'), key: 'score', align: 'right', render: (_, m) => formatNumber(m.score) },
  ];
  return (
    <ChartCard
      testId="trend"
      title={t('trend.title')}
      summary={
        peak
          ? t('trend.summary', {
              months: months.length,
              total: formatNumber(months.reduce((n, m) => n + m.findings, 0)),
              peak: monthLabel(peak.from),
              peakCount: formatNumber(peak.findings),
            })
          : t('trend.empty')
      }
      option={
        months.length === 0
          ? undefined
          : {
              tooltip: numberTooltip,
              legend: { top: 0, textStyle: { color: COLOURS.target } },
              grid: { left: 48, right: 48, top: 36, bottom: 32 },
              xAxis: { type: 'category', data: months.map((m) => monthLabel(m.from)) },
              yAxis: [
                { type: 'value', name: t('trend.findings'), minInterval: 1 },
                { type: 'value', name: t('trend.score'), min: 0, max: 100 },
              ],
              series: [
                {
                  type: 'bar',
                  name: t('trend.findings'),
                  data: months.map((m) => m.findings),
                  itemStyle: { color: COLOURS.series[0] },
                },
                {
                  type: 'line',
                  name: t('trend.score'),
                  yAxisIndex: 1,
                  data: months.map((m) => m.score),
                  itemStyle: { color: COLOURS.series[1] },
                  connectNulls: false,
                },
              ],
            }
      }
      table={
        <DataTable<Month>
          label={t('trend.title')}
          size="small"
          rowKey="from"
          pagination={false}
          dataSource={months}
          columns={columns}
        />
      }
    />
  );
}

// ---- unit × rule heat map ----------------------------------------------------------------------

export function HeatMapPanel({ map, extra }: { map: HeatMap; extra?: ReactNode }) {
  const { t } = useTranslation('leadership');
  const unitName = (row: HeatMap['rows'][number]) => (row.rest ? t('heat.rest', { unit: row.unitId }) : row.unitId);
  let top: { unit: string; rule: string; count: number } | undefined;
  map.rows.forEach((row) =>
    row.counts.forEach((count, x) => {
      if (count > (top?.count ?? 0)) top = { unit: unitName(row), rule: map.rules[x]!, count };
    }),
  );
  type Row = HeatMap['rows'][number];
  const columns: ColumnsType<Row> = [
    { title: t('common:unit'), key: 'unit', render: (_, r) => <span className="nowrap">{unitName(r)}</span> },
    ...map.rules.map((rule, x) => ({
      title: rule,
      key: rule,
      align: 'right' as const,
      render: (_: unknown, r: Row) => (r.counts[x] ? formatNumber(r.counts[x]) : ''),
    })),
    {
      title: t('heat.total'),
      key: 'total',
      align: 'right',
      render: (_, r) => <strong>{formatNumber(r.total)}</strong>,
    },
  ];
  const empty = map.rules.length === 0;
  return (
    <ChartCard
      testId="heatmap"
      title={t('heat.title')}
      extra={extra}
      summary={
        top
          ? t('heat.summary', {
              units: map.rows.length,
              rules: map.rules.length,
              unit: top.unit,
              rule: top.rule,
              count: top.count,
            })
          : t('heat.empty')
      }
      height={Math.max(200, 90 + map.rows.length * 30)}
      option={
        empty
          ? undefined
          : {
              tooltip: {
                position: 'top',
                formatter: (p: { value: [number, number, number] }) =>
                  t('heat.cell', {
                    unit: unitName(map.rows[p.value[1]]!),
                    rule: map.rules[p.value[0]],
                    count: p.value[2],
                  }),
              },
              grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
              xAxis: {
                type: 'category',
                data: map.rules,
                axisLabel: { rotate: 30, color: COLOURS.target },
                splitArea: { show: true },
              },
              yAxis: {
                type: 'category',
                data: map.rows.map(unitName),
                inverse: true,
                axisLabel: { color: COLOURS.target },
              },
              // Light to mid red: black figures stay legible (AA) on every cell.
              visualMap: { min: 0, max: Math.max(1, map.max), show: false, inRange: { color: ['#fff1f0', '#ff7875'] } },
              series: [{ type: 'heatmap', data: cellsOf(map), label: { show: true, color: '#000' } }],
            }
      }
      table={
        empty ? (
          <Empty description={t('heat.empty')} />
        ) : (
          <DataTable<Row>
            label={t('heat.title')}
            size="small"
            rowKey={(r) => `${r.unitId}${r.rest ? '*' : ''}`}
            pagination={false}
            dataSource={map.rows}
            columns={columns}
          />
        )
      }
    />
  );
}

// ---- money at risk, SLA, precision, discipline, complaints, officers --------------------------

export function RiskPanel({ figures }: { figures: Integrity }) {
  const { t } = useTranslation('leadership');
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={12}>
        <Panel title={t('money.title')} testId="money-at-risk">
          <Statistic
            title={t('money.amount')}
            value={formatMoney(figures.moneyAtRisk.amount)}
            styles={{ content: { color: COLOURS.danger } }}
          />
          <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('money.held')}>{formatMoney(figures.moneyAtRisk.held)}</Descriptions.Item>
            <Descriptions.Item label={t('money.share')}>{formatRate(figures.moneyAtRisk.share)}</Descriptions.Item>
          </Descriptions>
        </Panel>
      </Col>
      <Col xs={24} md={12}>
        <Panel title={t('sla.title')} testId="sla">
          <Statistic title={t('sla.count')} value={formatNumber(figures.slaBreaches.count)} />
          <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('sla.rate')}>{formatRate(figures.slaBreaches.rate)}</Descriptions.Item>
            <Descriptions.Item label={t('sla.findings')}>{formatNumber(figures.findings.total)}</Descriptions.Item>
            <Descriptions.Item label={t('sla.suppressed')}>
              <span data-testid="suppressed-count" title={t('sla.suppressedHelp')}>
                {formatNumber(figures.findings.suppressed.total)}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('sla.per100')}>
              {formatNumber(figures.findings.per100ActiveCases)}
            </Descriptions.Item>
            <Descriptions.Item label={t('sla.activeCases')}>{formatNumber(figures.activeCases)}</Descriptions.Item>
          </Descriptions>
        </Panel>
      </Col>
    </Row>
  );
}

export function PrecisionPanel({ figures }: { figures: Integrity }) {
  const { t } = useTranslation('leadership');
  type Row = Integrity['precision']['byRule'][number];
  const rows: Row[] = [...figures.precision.byRule, { ruleId: '', ...figures.precision.overall }];
  const columns: ColumnsType<Row> = [
    {
      title: t('precision.rule'),
      key: 'rule',
      render: (_, r) => (r.ruleId ? r.ruleId : <strong>{t('precision.all')}</strong>),
    },
    { title: t('precision.concluded'), key: 'concluded', align: 'right', render: (_, r) => formatNumber(r.concluded) },
    { title: t('precision.truePositives'), key: 'tp', align: 'right', render: (_, r) => formatNumber(r.truePositives) },
    { title: t('precision.precision'), key: 'precision', align: 'right', render: (_, r) => formatRate(r.precision) },
    {
      title: t('precision.confirmed'),
      key: 'confirmed',
      align: 'right',
      responsive: ['md'],
      render: (_, r) => formatNumber(r.confirmedByDiscipline),
    },
    {
      title: t('precision.dismissed'),
      key: 'dismissed',
      align: 'right',
      responsive: ['md'],
      render: (_, r) => formatNumber(r.dismissed),
    },
  ];
  const rated = figures.precision.byRule.filter((r) => r.precision !== null);
  return (
    <ChartCard
      testId="precision"
      title={t('precision.title')}
      summary={
        figures.precision.overall.precision === null
          ? t('precision.empty')
          : `${t('precision.all')}: ${formatRate(figures.precision.overall.precision)}; ${rated.map((r) => `${r.ruleId} ${formatRate(r.precision)}`).join('; ')}`
      }
      initial="table"
      height={Math.max(160, 60 + rated.length * 28)}
      option={
        rated.length === 0
          ? undefined
          : {
              tooltip: {
                trigger: 'axis',
                valueFormatter: (v: unknown) => (typeof v === 'number' ? `${formatNumber(v)}%` : '—'),
              },
              grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
              xAxis: { type: 'value', min: 0, max: 100 },
              yAxis: { type: 'category', data: rated.map((r) => r.ruleId), inverse: true },
              series: [
                {
                  type: 'bar',
                  name: t('precision.precision'),
                  data: rated.map((r) => Math.round((r.precision ?? 0) * 1000) / 10),
                  itemStyle: { color: COLOURS.series[2] },
                  label: {
                    show: true,
                    position: 'right',
                    color: COLOURS.target,
                    formatter: (p: { value: number }) => `${formatNumber(p.value)}%`,
                  },
                },
              ],
            }
      }
      table={
        <DataTable<Row>
          label={t('precision.title')}
          size="small"
          rowKey={(r) => r.ruleId || '*'}
          pagination={false}
          dataSource={rows}
          columns={columns}
        />
      }
    />
  );
}

const FORMS = [
  'reprimand',
  'warning',
  'salary_step_reduction',
  'demotion',
  'removal_from_post',
  'dismissal',
  'unspecified',
] as const;
const OUTCOMES = ['disciplined', 'not_disciplined', 'referred_to_investigators'] as const;

export function DisciplinePanel({ figures }: { figures: Integrity }) {
  const { t } = useTranslation('leadership');
  const d = figures.disciplineOutcomes;
  const inForce = FORMS.reduce((n, f) => n + d.byForm[f], 0);
  type Row = { key: string; label: string; count: number };
  const rows: Row[] = [
    ...OUTCOMES.map((o) => ({ key: o, label: t(`discipline.outcome.${o}`), count: d.byOutcome[o] })),
    ...FORMS.map((f) => ({
      key: `form-${f}`,
      label: `${t('discipline.form')}: ${t(`discipline.forms.${f}`)}`,
      count: d.byForm[f],
    })),
    { key: 'annulled', label: t('discipline.annulled'), count: d.annulledOnAppeal },
    { key: 'changed', label: t('discipline.changed'), count: d.changedOnAppeal },
  ];
  const shownForms = FORMS.filter(
    (f) => d.byForm[f] > 0 || !['salary_step_reduction', 'demotion', 'unspecified'].includes(f),
  );
  return (
    <ChartCard
      testId="discipline"
      title={t('discipline.title')}
      summary={`${t('discipline.summary', { decided: d.decided, disciplined: inForce })} ${FORMS.filter(
        (f) => d.byForm[f] > 0,
      )
        .map((f) => `${t(`discipline.forms.${f}`)}: ${d.byForm[f]}`)
        .join('; ')}`}
      extra={<Tag>{`${t('discipline.decided')}: ${formatNumber(d.decided)}`}</Tag>}
      option={{
        tooltip: numberTooltip,
        grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: {
          type: 'category',
          data: shownForms.map((f) => t(`discipline.forms.${f}`)),
          inverse: true,
          axisLabel: { color: COLOURS.target },
        },
        series: [
          {
            type: 'bar',
            name: t('discipline.count'),
            data: shownForms.map((f) => d.byForm[f]),
            itemStyle: { color: COLOURS.series[3] },
            label: { show: true, position: 'right', color: COLOURS.target },
          },
        ],
      }}
      table={
        <DataTable<Row>
          label={t('discipline.title')}
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={rows}
          columns={[
            { title: t('discipline.form'), key: 'label', dataIndex: 'label' },
            { title: t('discipline.count'), key: 'count', align: 'right', render: (_, r) => formatNumber(r.count) },
          ]}
        />
      }
    />
  );
}

export function ComplaintsPanel({ figures }: { figures: Integrity }) {
  const { t } = useTranslation('leadership');
  const kinds = ['complaint', 'denunciation', 'all'] as const;
  type Row = Integrity['complaints']['all'] & { kind: (typeof kinds)[number] };
  const rows: Row[] = kinds.map((kind) => ({ kind, ...figures.complaints[kind] }));
  const n = (k: 'received' | 'resolvedOnTime' | 'resolvedLate' | 'overdue' | 'pending') => ({
    title: t(`complaints.${k}`),
    key: k,
    align: 'right' as const,
    render: (_: unknown, r: Row) => formatNumber(r[k]),
  });
  return (
    <Panel title={t('complaints.title')} testId="complaints">
      <DataTable<Row>
        label={t('complaints.title')}
        size="small"
        rowKey="kind"
        pagination={false}
        dataSource={rows}
        columns={[
          {
            title: t('complaints.kind'),
            key: 'kind',
            render: (_, r) => (r.kind === 'all' ? <strong>{t('complaints.all')}</strong> : t(`complaints.${r.kind}`)),
          },
          n('received'),
          n('resolvedOnTime'),
          n('resolvedLate'),
          n('overdue'),
          n('pending'),
          {
            title: t('complaints.onTimeRate'),
            key: 'rate',
            align: 'right',
            render: (_, r) => formatRate(r.onTimeRate),
          },
        ]}
      />
    </Panel>
  );
}

// ---- workflow times -----------------------------------------------------------------------------

const MEASURES = ['triage', 'conclude', 'decide'] as const;

export function TimesPanel({ figures }: { figures: Integrity }) {
  const { t } = useTranslation('leadership');
  type Row = Integrity['timeTo']['triage'] & { measure: (typeof MEASURES)[number] };
  const rows: Row[] = MEASURES.map((measure) => ({ measure, ...figures.timeTo[measure] }));
  const shown = (days: number | null) => {
    const d = durationShown(days);
    return d === null ? '—' : t(`times.${d.unit}`, { n: formatNumber(d.n) });
  };
  return (
    <Panel title={t('times.title')} testId="times">
      <DataTable<Row>
        label={t('times.title')}
        size="small"
        rowKey="measure"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('times.measure'), key: 'measure', render: (_, r) => t(`times.${r.measure}`) },
          {
            title: t('times.mean'),
            key: 'mean',
            align: 'right',
            render: (_, r) => <span data-testid={`times-${r.measure}-mean`}>{shown(r.meanDays)}</span>,
          },
          {
            title: t('times.median'),
            key: 'median',
            align: 'right',
            render: (_, r) => <span data-testid={`times-${r.measure}-median`}>{shown(r.medianDays)}</span>,
          },
          {
            title: t('times.count'),
            key: 'count',
            align: 'right',
            render: (_, r) => <span data-testid={`times-${r.measure}-count`}>{formatNumber(r.count)}</span>,
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
        {t('times.note')}
      </Typography.Paragraph>
    </Panel>
  );
}

export function OfficersPanel({ figures, period }: { figures: Integrity; period: Period }) {
  const { t } = useTranslation('leadership');
  type Row = Integrity['repeatedOfficers'][number];
  return (
    <Panel title={t('officers.title')} testId="repeated-officers">
      {figures.repeatedOfficers.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('officers.empty')}</Typography.Paragraph>
      ) : (
        <Table<Row>
          size="small"
          rowKey="officerId"
          pagination={false}
          dataSource={figures.repeatedOfficers}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: t('officers.officer'),
              key: 'officer',
              render: (_, o) => (
                <Link to={`/officers/${encodeURIComponent(o.officerId)}?from=${period.from}&to=${period.to}`}>
                  {o.officerId}
                </Link>
              ),
            },
            { title: t('officers.count'), key: 'count', align: 'right', render: (_, o) => formatNumber(o.count) },
            {
              title: t('officers.rules'),
              key: 'rules',
              render: (_, o) => (
                <Space size={[4, 4]} wrap>
                  {o.rules.map((r) => (
                    <Tag key={r.ruleId}>{`${r.ruleId} × ${r.count}`}</Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Panel>
  );
}
