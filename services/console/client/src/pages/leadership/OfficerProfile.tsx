import { Alert, Button, Col, Descriptions, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { formatDate } from '../../lib/format';
import { ErrorAlert } from '../../ui/ErrorResult';
import { Panel } from './panels';
import { mergeHistoryPages } from './history';
import { periodFromQuery } from './periods';
import { useOfficerFindings, useOfficerHistory } from './queries';
import { SeverityTag, StatusTag } from '../../ui/tags';
import type { FindingSummary, OfficerHistory } from './types';

type HistoryFinding = OfficerHistory['findings'][number];
type Proceeding = OfficerHistory['proceedings'][number];
type Step = HistoryFinding['steps'][number];

/** A proceeding's decision still stands: disciplined, and not annulled on appeal. */
function disciplinedInForce(p: Proceeding): boolean {
  return p.decision?.outcome === 'disciplined' && p.appealResult !== 'annulled';
}

/**
 * An officer's integrity history in one page: who they are (the registry, through the discipline
 * service), every finding about them within the reader's scope (GET /api/findings?officer=),
 * how the inspected ones ended, and their discipline proceedings with outcomes and appeals
 * (GET /api/discipline/officers/{id}/history). Reached from the dashboard's repeated officers.
 */
export default function OfficerProfile() {
  const { officerId = '' } = useParams();
  const { t, i18n } = useTranslation('leadership');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  const history = useOfficerHistory(officerId);
  const findings = useOfficerFindings(officerId, page, pageSize);
  const unknown = history.error instanceof ApiError && history.error.status === 404;

  const period = periodFromQuery(params.get('from'), params.get('to'));
  const back = period ? `/dashboard?from=${period.from}&to=${period.to}` : '/dashboard';
  const h = mergeHistoryPages(history.data?.pages ?? []);

  const stepText = (s: Step) => {
    const kind = s.type.replace(/^inspection\./, '');
    const result =
      typeof s['result'] === 'string' ? t(`profile.result.${s['result']}`, { defaultValue: s['result'] }) : undefined;
    return `${t(`profile.step.${kind}`, { defaultValue: s.type })} ${formatDate(s.at)}${result ? ` (${result})` : ''}`;
  };

  const findingColumns: ColumnsType<FindingSummary> = [
    {
      title: t('profile.finding'),
      key: 'title',
      render: (_, f) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/findings/${encodeURIComponent(f.findingId)}`}>{f.title[lang]}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {f.findingId}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('profile.rule'), dataIndex: 'ruleId', key: 'rule', responsive: ['md'] },
    { title: t('profile.severity'), key: 'severity', render: (_, f) => <SeverityTag severity={f.severity} /> },
    { title: t('profile.detectedAt'), key: 'detected', render: (_, f) => formatDate(f.detectedAt) },
    { title: t('common:status'), key: 'status', render: (_, f) => <StatusTag status={f.status} /> },
  ];

  const historyColumns: ColumnsType<HistoryFinding> = [
    {
      title: t('profile.finding'),
      key: 'title',
      render: (_, f) => <Link to={`/findings/${encodeURIComponent(f.findingId)}`}>{f.title[lang]}</Link>,
    },
    { title: t('profile.rule'), dataIndex: 'ruleId', key: 'rule', responsive: ['md'] },
    { title: t('profile.severity'), key: 'severity', render: (_, f) => <SeverityTag severity={f.severity} /> },
    { title: t('profile.detectedAt'), key: 'detected', render: (_, f) => formatDate(f.detectedAt) },
    {
      title: t('profile.steps'),
      key: 'steps',
      render: (_, f) => (
        <Space orientation="vertical" size={2}>
          {f.steps.map((s, i) => (
            <span key={i}>{stepText(s)}</span>
          ))}
        </Space>
      ),
    },
  ];

  const proceedingColumns: ColumnsType<Proceeding> = [
    {
      title: t('profile.proceeding'),
      key: 'id',
      render: (_, p) => <Link to={`/proceedings/${encodeURIComponent(p.proceedingId)}`}>{p.proceedingId}</Link>,
    },
    { title: t('profile.openedOn'), key: 'opened', render: (_, p) => formatDate(p.openedOn) },
    {
      title: t('profile.status'),
      key: 'status',
      render: (_, p) => <Tag>{t(`profile.proceedingStatus.${p.status}`)}</Tag>,
    },
    {
      title: t('profile.decision'),
      key: 'decision',
      render: (_, p) =>
        p.decision
          ? `${t(`discipline.outcome.${p.decision.outcome}`, { defaultValue: p.decision.outcome })}${
              p.decision.form ? ` — ${t(`discipline.forms.${p.decision.form}`)}` : ''
            }, ${formatDate(p.decision.on)}`
          : '—',
    },
    {
      title: t('profile.appeal'),
      key: 'appeal',
      render: (_, p) =>
        p.appealResult ? t(`profile.appealResult.${p.appealResult}`, { defaultValue: p.appealResult }) : '—',
    },
  ];

  return (
    <>
      <Typography.Text type="secondary">
        <Link to={back}>{t('profile.back')}</Link> / {t('profile.title')}
      </Typography.Text>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24, marginTop: 8 }}>
        {h?.name ? `${h.name} (${officerId})` : officerId}
      </Typography.Title>

      {history.isPending ? <Spin style={{ margin: 24 }} /> : null}
      {unknown ? <Alert type="info" showIcon title={t('profile.noRecord')} style={{ marginBottom: 16 }} /> : null}
      {history.isError && !unknown ? <ErrorAlert error={history.error} /> : null}

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Panel title={t('profile.title')} testId="officer-identity">
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('profile.officerId')}>{officerId}</Descriptions.Item>
              <Descriptions.Item label={t('profile.name')}>{h?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('profile.role')}>
                {h?.role ? t(`profile.roles.${h.role}`, { defaultValue: h.role }) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('profile.unit')}>{h?.unitId ?? '—'}</Descriptions.Item>
            </Descriptions>
          </Panel>
        </Col>
        <Col xs={24} lg={12}>
          <Panel title={t('profile.overview')} testId="officer-summary">
            <Row gutter={[16, 16]}>
              <Col xs={12}>
                <Statistic title={t('profile.summary.findings')} value={findings.data?.total ?? '—'} />
              </Col>
              <Col xs={12}>
                <Statistic title={t('profile.summary.inspected')} value={h ? h.findings.length : '—'} />
              </Col>
              <Col xs={12}>
                <Statistic title={t('profile.summary.proceedings')} value={h ? h.proceedings.length : '—'} />
              </Col>
              <Col xs={12}>
                <Statistic
                  title={t('profile.summary.disciplined')}
                  value={h ? h.proceedings.filter(disciplinedInForce).length : '—'}
                />
              </Col>
            </Row>
          </Panel>
        </Col>
        <Col xs={24}>
          <Panel title={t('profile.findings')} testId="officer-findings">
            <Typography.Paragraph type="secondary">{t('profile.findingsIntro')}</Typography.Paragraph>
            {findings.isError ? <ErrorAlert error={findings.error} /> : null}
            <Table<FindingSummary>
              rowKey="findingId"
              size="small"
              loading={findings.isFetching}
              dataSource={findings.data?.items ?? []}
              columns={findingColumns}
              scroll={{ x: 'max-content' }}
              pagination={{
                current: page,
                pageSize,
                total: findings.data?.total ?? 0,
                showTotal: (n) => t('profile.findingsTotal', { count: n }),
                onChange: (p, size) => {
                  const next = new URLSearchParams(params);
                  next.set('page', String(p));
                  next.set('pageSize', String(size));
                  setParams(next);
                },
              }}
            />
          </Panel>
        </Col>
        <Col xs={24}>
          <Panel title={t('profile.history')} testId="officer-history">
            <Typography.Paragraph type="secondary">{t('profile.historyIntro')}</Typography.Paragraph>
            {h && h.findings.length > 0 ? (
              <>
                <Table<HistoryFinding>
                  rowKey="findingId"
                  size="small"
                  pagination={false}
                  dataSource={h.findings}
                  columns={historyColumns}
                  scroll={{ x: 'max-content' }}
                />
                {history.hasNextPage ? (
                  <Button
                    style={{ marginTop: 12 }}
                    loading={history.isFetchingNextPage}
                    onClick={() => void history.fetchNextPage()}
                  >
                    {t('profile.older')}
                  </Button>
                ) : null}
              </>
            ) : (
              <Typography.Paragraph>{t('profile.noHistory')}</Typography.Paragraph>
            )}
          </Panel>
        </Col>
        <Col xs={24}>
          <Panel title={t('profile.proceedings')} testId="officer-proceedings">
            {h?.proceedingsTruncated ? (
              <Typography.Paragraph>{t('profile.proceedingsTruncated')}</Typography.Paragraph>
            ) : null}
            {h && h.proceedings.length > 0 ? (
              <Table<Proceeding>
                rowKey="proceedingId"
                size="small"
                pagination={false}
                dataSource={h.proceedings}
                columns={proceedingColumns}
                scroll={{ x: 'max-content' }}
              />
            ) : (
              <Typography.Paragraph>{t('profile.noProceedings')}</Typography.Paragraph>
            )}
          </Panel>
        </Col>
      </Row>
    </>
  );
}
