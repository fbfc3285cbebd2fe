import { Button, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { data, discipline } from '../../api/client';
import type { paths } from '../../api/generated/discipline';
import { formatDate } from '../../lib/format';
import { ErrorAlert } from '../../ui/ErrorResult';
import { DecisionDueTag, ProceedingStatusTag, useOutcomeText } from './labels';
import type { Proceeding, ProceedingStatus } from './proceeding-steps';

type Query = paths['/api/discipline/proceedings']['get']['parameters']['query'];
type Page = paths['/api/discipline/proceedings']['get']['responses']['200']['content']['application/json'];
type Summary = Page['items'][number];

const STATUSES: readonly ProceedingStatus[] = [
  'opened',
  'council_formed',
  'summoned',
  'met',
  'round_1',
  'round_2',
  'recommended',
  'decided',
  'appeal_lodged',
  'appeal_resolved',
  'referred_to_investigators',
  'closed_time_barred',
];

/** One proceeding's full record, shared with the proceeding page's cache. */
export function proceedingQuery(proceedingId: string) {
  return {
    queryKey: ['proceeding', proceedingId],
    queryFn: async (): Promise<Proceeding> =>
      data(await discipline.GET('/api/discipline/proceedings/{id}', { params: { path: { id: proceedingId } } })),
  };
}

/**
 * The proceedings in the user's units (GET /api/discipline/proceedings), with the filters the API
 * takes kept in the address. The list's summaries carry no regime, name or time to decide, so
 * each row of the page reads its proceeding for them (a page is at most 20 rows, and the
 * proceeding page then opens from the cache).
 */
export default function Proceedings() {
  return (
    <>
      <ProceedingList />
    </>
  );
}

function ProceedingList() {
  const { t, i18n } = useTranslation('committee');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const outcomeText = useOutcomeText();
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const query: Query = {
    page: Number(params.get('page') ?? 1),
    pageSize: Number(params.get('pageSize') ?? 20),
    ...(status && (STATUSES as readonly string[]).includes(status) ? { status: status as ProceedingStatus } : {}),
    ...(params.get('unit') ? { unit: params.get('unit')! } : {}),
    ...(params.get('officer') ? { officer: params.get('officer')! } : {}),
  };
  const list = useQuery({
    queryKey: ['proceedings', query],
    queryFn: async () => data(await discipline.GET('/api/discipline/proceedings', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  const details = useQueries({
    queries: items.map((p) => ({ ...proceedingQuery(p.proceedingId), staleTime: 30_000 })),
  });
  const detailOf = (id: string) => details[items.findIndex((p) => p.proceedingId === id)]?.data;

  function apply(values: Record<string, unknown>) {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(values)) if (typeof v === 'string' && v.trim()) next.set(k, v.trim());
    setParams(next);
  }

  const columns: ColumnsType<Summary> = [
    {
      title: t('proceeding'),
      key: 'proceeding',
      render: (_, p) => <Link to={`/proceedings/${encodeURIComponent(p.proceedingId)}`}>{p.proceedingId}</Link>,
    },
    {
      title: t('subject'),
      key: 'subject',
      render: (_, p) => {
        const name = detailOf(p.proceedingId)?.subject.name;
        return (
          <Space orientation="vertical" size={0}>
            <span>{name ?? p.officerId}</span>
            {name ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {p.officerId}
              </Typography.Text>
            ) : null}
          </Space>
        );
      },
    },
    { title: t('common:unit'), dataIndex: 'unitId', key: 'unit', responsive: ['md'] },
    { title: t('common:status'), key: 'status', render: (_, p) => <ProceedingStatusTag status={p.status} /> },
    {
      title: t('regime'),
      key: 'regime',
      responsive: ['lg'],
      render: (_, p) =>
        detailOf(p.proceedingId)
          ?.regimes.map((r) => r.label[lang])
          .join('; ') ?? '…',
    },
    {
      title: t('decisionDue'),
      key: 'due',
      render: (_, p) => {
        const d = detailOf(p.proceedingId);
        return d ? (
          <DecisionDueTag
            dueOn={d.limits.decisionDueOn}
            status={p.status}
            extended={d.limits.extension !== undefined}
          />
        ) : (
          '…'
        );
      },
    },
    { title: t('openedOn'), key: 'opened', responsive: ['md'], render: (_, p) => formatDate(p.openedOn) },
    {
      title: t('outcome'),
      key: 'outcome',
      responsive: ['lg'],
      render: (_, p) => (p.decision ? `${outcomeText(p.decision)} (${formatDate(p.decision.on)})` : '—'),
    },
  ];

  const detailError = details.find((d) => d.isError)?.error;
  return (
    <>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24 }}>
        {t('listTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('listIntro')}</Typography.Paragraph>
      <Form
        layout="inline"
        initialValues={{
          status: status ?? undefined,
          unit: params.get('unit') ?? undefined,
          officer: params.get('officer') ?? undefined,
        }}
        onFinish={apply}
        style={{ marginBottom: 16, rowGap: 8 }}
        aria-label={t('common:search')}
      >
        <Form.Item name="status" label={t('common:status')}>
          <Select
            allowClear
            style={{ width: 220 }}
            options={STATUSES.map((s) => ({ value: s, label: t(`st.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="unit" label={t('common:unit')}>
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="officer" label={t('officerFilter')}>
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common:search')}
          </Button>
          <Button onClick={() => setParams(new URLSearchParams())}>{t('common:reset')}</Button>
        </Space>
      </Form>
      {list.isError ? <ErrorAlert error={list.error} /> : null}
      {detailError ? <ErrorAlert error={detailError} /> : null}
      <Table<Summary>
        rowKey="proceedingId"
        size="middle"
        loading={list.isFetching}
        dataSource={items}
        columns={columns}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => t('total', { count: n }),
          // Each row reads its proceeding (see above): pages stay small.
          pageSizeOptions: [10, 20],
          onChange: (page, pageSize) => {
            const next = new URLSearchParams(params);
            next.set('page', String(page));
            next.set('pageSize', String(pageSize));
            setParams(next);
          },
        }}
      />
    </>
  );
}
