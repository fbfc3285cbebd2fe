import { useMemo, useState } from 'react';
import { Col, DatePicker, Row, Select, Space, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatDate, vietnamDay } from '../../lib/format';
import { useSession } from '../../session';
import { ErrorAlert } from '../../ui/ErrorResult';
import { heatMap, remainder } from './heatmap';
import {
  BacklogPanel,
  CompletionPanel,
  ComplaintsPanel,
  DisciplinePanel,
  HeatMapPanel,
  OfficersPanel,
  PrecisionPanel,
  RiskPanel,
  ScorePanel,
  TimesPanel,
  TrendPanel,
} from './panels';
import {
  defaultPeriod,
  lastDay,
  matchPreset,
  periodFromQuery,
  periodOfRange,
  presetGroups,
  presetOf,
  statisticalYear,
  type Period,
  type PeriodPreset,
} from './periods';
import { useIntegrities, useIntegrity, useStatistics, useTargets } from './queries';
import { ReportLinks } from './ReportLinks';
import { targetOf } from './targets';
import { unitsBelow } from './units';
import { useUnits } from '../../api/units';
import { UnitSelect } from '../../ui/UnitSelect';

const CUSTOM = 'custom';

/**
 * Leadership's dashboard: for a unit and a period, the THADS statistics against the national
 * targets and the unit's integrity figures (GET /api/insight/statistics, /targets and /integrity), with
 * the statistics report to download. The unit and period live in the address, so a view can be
 * bookmarked and sent.
 */
export default function Dashboard() {
  const { t } = useTranslation('leadership');
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const today = vietnamDay(new Date());
  const period: Period = periodFromQuery(params.get('from'), params.get('to')) ?? defaultPeriod(today);
  const unitId = params.get('unit') ?? user.unitId;

  // "Other dates" picked on a preset period: the day pickers show, starting from that period.
  const [customMode, setCustomMode] = useState(false);
  const scope = useUnits();
  const below = unitsBelow(unitId, scope.data ?? []);

  const stats = useStatistics(unitId, period);
  const integrity = useIntegrity(unitId, period);
  const parts = useIntegrities(below, period);

  const targets = useTargets();
  const target = targetOf(period, targets.data ?? []);
  const targetYear = statisticalYear(lastDay(period));

  const map = useMemo(() => {
    // Drawn once the units below are known: a map of the unit alone would only be replaced.
    if (!integrity.data || scope.isPending || parts.some((q) => !q.data)) return undefined;
    const rows = below.map((u, i) => ({ unitId: u, byRule: parts[i]!.data!.findings.byRule }));
    const own = { unitId, byRule: integrity.data.findings.byRule };
    return rows.length === 0 ? heatMap([own]) : heatMap(rows, remainder(own, rows));
  }, [integrity.data, scope.isPending, parts, below, unitId]);

  function show(next: { unit?: string; period?: Period }) {
    const p = new URLSearchParams(params);
    if (next.unit) p.set('unit', next.unit);
    if (next.period) {
      p.set('from', next.period.from);
      p.set('to', next.period.to);
    }
    setParams(p, { replace: false });
  }

  const preset = matchPreset(period);
  const presetLabel = (p: PeriodPreset) => {
    switch (p.kind) {
      case 'year':
        return t('preset.year', { year: p.year });
      case 'report':
        return t('preset.report', { year: p.year, n: p.n });
      case 'quarter':
        return t('preset.quarter', { year: p.year, n: p.n });
      case 'month':
        return t('preset.month', { month: formatDate(p.from).slice(3) });
    }
  };
  const groups = presetGroups(today, statisticalYear(period.from));
  const known = groups.some((g) => g.presets.some((p) => p.key === preset?.key));
  const periodOptions = [
    ...groups.map((g) => ({
      label: t('preset.group', { year: g.year, previous: g.year - 1 }),
      title: String(g.year),
      options: g.presets.map((p) => ({ value: p.key, label: presetLabel(p) })),
    })),
    // A preset of an older year, reached through the address, keeps its name.
    ...(preset && !known ? [{ value: preset.key, label: presetLabel(preset) }] : []),
    { value: CUSTOM, label: t('custom') },
  ];
  const selected = customMode || !preset ? CUSTOM : preset.key;
  const asDay = (d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined);

  return (
    <>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24 }}>
        {t('dashboardTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('dashboardIntro')}</Typography.Paragraph>

      <div
        role="search"
        aria-label={t('filters')}
        style={{ display: 'flex', flexWrap: 'wrap', gap: '12px 24px', alignItems: 'flex-end', marginBottom: 8 }}
      >
        <div>
          <label htmlFor="dashboard-unit" style={{ display: 'block', marginBottom: 4 }}>
            {t('unit')}
          </label>
          <UnitSelect
            id="dashboard-unit"
            style={{ width: 280 }}
            value={unitId}
            onChange={(u) => show({ unit: u })}
            aria-describedby="dashboard-unit-help"
          />
        </div>
        <div>
          <label htmlFor="dashboard-period" style={{ display: 'block', marginBottom: 4 }}>
            {t('period')}
          </label>
          <Select
            id="dashboard-period"
            style={{ width: 300, maxWidth: '100%' }}
            value={selected}
            showSearch={{ optionFilterProp: 'label' }}
            options={periodOptions}
            onChange={(key: string) => {
              setCustomMode(key === CUSTOM);
              const p = presetOf(key);
              if (p) show({ period: p });
            }}
          />
        </div>
        {selected === CUSTOM ? (
          <>
            <div>
              <label htmlFor="dashboard-from" style={{ display: 'block', marginBottom: 4 }}>
                {t('common:from')}
              </label>
              <DatePicker
                id="dashboard-from"
                format="DD/MM/YYYY"
                allowClear={false}
                value={dayjs(period.from)}
                onChange={(d: Dayjs | null) => {
                  const first = asDay(d);
                  if (first && first <= lastDay(period)) show({ period: periodOfRange(first, lastDay(period)) });
                }}
              />
            </div>
            <div>
              <label htmlFor="dashboard-to" style={{ display: 'block', marginBottom: 4 }}>
                {t('common:to')}
              </label>
              <DatePicker
                id="dashboard-to"
                format="DD/MM/YYYY"
                allowClear={false}
                value={dayjs(lastDay(period))}
                onChange={(d: Dayjs | null) => {
                  const last = asDay(d);
                  if (last && last >= period.from) show({ period: periodOfRange(period.from, last) });
                }}
              />
            </div>
          </>
        ) : null}
        <ReportLinks unitId={unitId} period={period} />
      </div>
      <Space orientation="vertical" size={2} style={{ marginBottom: 16 }}>
        <Typography.Text strong data-testid="period-shown">
          {`${unitId} · ${t('periodShown', { from: formatDate(period.from), to: formatDate(lastDay(period)) })}`}
        </Typography.Text>
        <Typography.Text type="secondary" id="dashboard-unit-help" style={{ fontSize: 12 }}>
          {t('unitHelp')}
        </Typography.Text>
      </Space>

      {stats.isError ? <ErrorAlert error={stats.error} /> : null}
      {targets.isError ? <ErrorAlert error={targets.error} /> : null}
      {integrity.isError ? <ErrorAlert error={integrity.error} /> : null}
      {scope.isError ? <ErrorAlert error={scope.error} /> : null}
      {stats.isPending || integrity.isPending || targets.isPending ? (
        <div role="status" style={{ textAlign: 'center', margin: 48 }}>
          <Spin />
          <div>{t('loadingFigures')}</div>
        </div>
      ) : null}

      <Row gutter={[16, 16]} aria-busy={stats.isFetching || integrity.isFetching}>
        {stats.data && !targets.isPending ? (
          <>
            <Col xs={24} lg={12}>
              <CompletionPanel stats={stats.data} target={target} targetYear={targetYear} />
            </Col>
            <Col xs={24} lg={12}>
              <BacklogPanel stats={stats.data} />
            </Col>
          </>
        ) : null}
        {integrity.data ? (
          <>
            <Col xs={24} lg={12}>
              <ScorePanel figures={integrity.data} />
            </Col>
            <Col xs={24} lg={12}>
              <TrendPanel figures={integrity.data} />
            </Col>
            <Col xs={24}>
              {map ? (
                <HeatMapPanel map={map} />
              ) : (
                <>
                  {parts.map((q, i) => (q.isError ? <ErrorAlert key={below[i]} error={q.error} /> : null))}
                  <Spin />
                </>
              )}
            </Col>
            <Col xs={24} lg={12}>
              <RiskPanel figures={integrity.data} />
            </Col>
            <Col xs={24} lg={12}>
              <PrecisionPanel figures={integrity.data} />
            </Col>
            <Col xs={24} lg={12}>
              <DisciplinePanel figures={integrity.data} />
            </Col>
            <Col xs={24} lg={12}>
              <ComplaintsPanel figures={integrity.data} />
            </Col>
            <Col xs={24}>
              <TimesPanel figures={integrity.data} />
            </Col>
            <Col xs={24}>
              <OfficersPanel figures={integrity.data} period={period} />
            </Col>
          </>
        ) : null}
      </Row>
    </>
  );
}
