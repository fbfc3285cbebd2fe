import { useState } from 'react';
import { Button, DatePicker, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { data, inspection } from '../../api/client';
import type { paths } from '../../api/generated/inspection';
import { formatDate } from '../../lib/format';
import { ErrorAlert } from '../../ui/ErrorResult';
import { useSession } from '../../session';
import { SeverityTag, SlaTag, StatusTag } from '../../ui/tags';
import { BulkActions } from '../supervisor/BulkActions';
import { RuleSelect } from '../../ui/RuleSelect';
import { UnitSelect } from '../../ui/UnitSelect';

type Query = NonNullable<paths['/api/findings']['get']['parameters']['query']>;
type Page = paths['/api/findings']['get']['responses']['200']['content']['application/json'];
type Summary = Page['items'][number];

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const STATUSES = ['open', 'triaged', 'under_inspection', 'concluded', 'referred', 'dismissed', 'closed'] as const;

/**
 * A page of findings with its filters kept in the address (a filtered list can be bookmarked
 * and shared), read from GET /api/findings. `mine`: only the caller's own inspections.
 */
export function FindingsTable({ mine }: { mine: boolean }) {
  const { t, i18n } = useTranslation('inspector');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const [params, setParams] = useSearchParams();
  const { has } = useSession();
  // Supervisors select findings to triage, dismiss or assign many at once.
  const bulk = !mine && has('inspection_supervisor');
  const [selected, setSelected] = useState<string[]>([]);
  const query: Query = {
    page: Number(params.get('page') ?? 1),
    pageSize: Number(params.get('pageSize') ?? 20),
    ...(mine ? { assignee: 'me' } : {}),
  };
  for (const k of [
    'status',
    'severity',
    'rule',
    'unit',
    'officer',
    'from',
    'to',
    'suppressed',
    'suppression',
  ] as const) {
    const v = params.get(k);
    if (v) (query as Record<string, unknown>)[k] = v;
  }
  const findings = useQuery({
    queryKey: ['findings', query],
    queryFn: async () => data(await inspection.GET('/api/findings', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  function apply(values: Record<string, unknown>) {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(values)) {
      if (k === 'period' && Array.isArray(v) && v[0] && v[1]) {
        next.set('from', dayjs(v[0] as string).format('YYYY-MM-DD'));
        next.set('to', dayjs(v[1] as string).format('YYYY-MM-DD'));
      } else if (typeof v === 'string' && v.trim()) next.set(k, v.trim());
    }
    setParams(next);
  }

  const columns: ColumnsType<Summary> = [
    {
      title: t('finding'),
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
    { title: t('rule'), dataIndex: 'ruleId', key: 'rule', responsive: ['lg'] },
    { title: t('severity'), key: 'severity', render: (_, f) => <SeverityTag severity={f.severity} /> },
    { title: t('common:unit'), dataIndex: 'unitId', key: 'unit', responsive: ['md'] },
    { title: t('officer'), dataIndex: 'officerId', key: 'officer', responsive: ['xl'] },
    { title: t('detectedAt'), key: 'detected', render: (_, f) => formatDate(f.detectedAt), responsive: ['md'] },
    { title: t('common:status'), key: 'status', render: (_, f) => <StatusTag status={f.status} /> },
    {
      title: t('assignee'),
      key: 'assignee',
      responsive: ['lg'],
      render: (_, f) =>
        f.assignee ??
        (f.waitingReason ? (
          <Typography.Text type="warning">{t('waiting', { reason: f.waitingReason })}</Typography.Text>
        ) : (
          '—'
        )),
    },
    {
      title: t('sla'),
      key: 'sla',
      render: (_, f) =>
        ['concluded', 'referred', 'dismissed', 'closed'].includes(f.status) ? '—' : <SlaTag dueAt={f.dueAt} />,
    },
  ];

  const initial = Object.fromEntries(
    ['status', 'severity', 'rule', 'unit', 'officer'].map((k) => [k, params.get(k) ?? undefined]),
  );
  return (
    <>
      <Form
        layout="inline"
        initialValues={{
          ...initial,
          period:
            params.get('from') && params.get('to') ? [dayjs(params.get('from')), dayjs(params.get('to'))] : undefined,
        }}
        onFinish={apply}
        style={{ marginBottom: 16, rowGap: 8 }}
        aria-label={t('common:search')}
      >
        <Form.Item name="status" label={t('common:status')}>
          <Select
            allowClear
            style={{ width: 170 }}
            options={STATUSES.map((s) => ({ value: s, label: t(`st.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="severity" label={t('severity')}>
          <Select
            allowClear
            style={{ width: 160 }}
            options={SEVERITIES.map((s) => ({ value: s, label: t(`sev.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="rule" label={t('rule')}>
          <RuleSelect allowClear style={{ width: 240 }} />
        </Form.Item>
        {mine ? null : (
          <Form.Item name="unit" label={t('common:unit')}>
            <UnitSelect allowClear style={{ width: 220 }} />
          </Form.Item>
        )}
        <Form.Item name="officer" label={t('officer')}>
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="period" label={t('detectedAt')}>
          <DatePicker.RangePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common:search')}
          </Button>
          <Button onClick={() => setParams(new URLSearchParams())}>{t('common:reset')}</Button>
        </Space>
      </Form>
      {findings.isError ? <ErrorAlert error={findings.error} /> : null}
      {bulk ? (
        <BulkActions
          selected={selected}
          onDone={() => {
            setSelected([]);
            void findings.refetch();
          }}
        />
      ) : null}
      {/* Scrolled by its box, not by `scroll.x`: with row selection, Ant Design's measuring row would hold focusable checkboxes under aria-hidden. */}
      <div className="scroll-x">
        <Table<Summary>
          {...(bulk
            ? {
                rowSelection: {
                  selectedRowKeys: selected,
                  onChange: (keys: React.Key[]) => setSelected(keys.map(String)),
                },
              }
            : {})}
          rowKey="findingId"
          size="middle"
          loading={findings.isFetching}
          dataSource={findings.data?.items ?? []}
          columns={columns}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: findings.data?.total ?? 0,
            showTotal: (n) => t('total', { count: n }),
            onChange: (page, pageSize) => {
              const next = new URLSearchParams(params);
              next.set('page', String(page));
              next.set('pageSize', String(pageSize));
              setParams(next);
            },
          }}
        />
      </div>
    </>
  );
}
