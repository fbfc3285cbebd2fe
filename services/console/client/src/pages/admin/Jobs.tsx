import { useState } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Form, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { data, inspection } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { ErrorAlert } from '../../ui/ErrorResult';
import { TAG_COLOUR } from './tag-colours';
import { failedPerQueue, findingOf, newestFailureFirst, type Job, type QueueName } from './failed-jobs';

/** As many as the API gives in one answer: failed jobs are few, and a full list is what an administrator reviews. */
const LIMIT = 1000;

/**
 * The background jobs that failed for good (GET /api/admin/jobs?state=failed): what each was
 * about, why it failed and after how many attempts, with a retry once the cause is fixed. The
 * queue filter is kept in the address. An area office's administrator sees only the jobs about
 * their units' findings (the service filters).
 */
export default function Jobs() {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [params, setParams] = useSearchParams();
  const queue = (params.get('queue') ?? undefined) as QueueName | undefined;
  const [error, setError] = useState<unknown>();
  const [retrying, setRetrying] = useState<string | undefined>();

  const jobs = useQuery({
    queryKey: ['admin', 'jobs', 'failed', queue ?? null],
    queryFn: async () =>
      data(
        await inspection.GET('/api/admin/jobs', {
          params: { query: { state: 'failed', limit: LIMIT, ...(queue ? { queue } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const counts = jobs.data ? failedPerQueue(jobs.data.counts) : [];
  // The queues to choose from are those the answer counts (all of them for an administrator of
  // the province; only the listed one for an area office's), and the one chosen.
  const queues = [...new Set([...counts.map((c) => c.queue), ...(queue ? [queue] : [])])];

  async function retry(job: Job) {
    const key = `${job.queue}/${job.id}`;
    setRetrying(key);
    setError(undefined);
    try {
      await inspection.POST('/api/admin/jobs/{queue}/{id}/retry', {
        params: { path: { queue: job.queue, id: job.id } },
      });
      void message.success(t('jobs.retried', { id: job.id }));
      await queries.invalidateQueries({ queryKey: ['admin', 'jobs'] });
    } catch (err) {
      setError(err);
    } finally {
      setRetrying(undefined);
    }
  }

  const queueName = (q: string) => t(`jobs.queues.${q}`, { defaultValue: q });
  const columns: ColumnsType<Job> = [
    {
      title: t('jobs.job'),
      key: 'job',
      render: (_, j) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{t(`jobs.names.${j.name}`, { defaultValue: j.name })}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {queueName(j.queue)} · <code>{j.id}</code>
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('jobs.finding'),
      key: 'finding',
      responsive: ['md'],
      render: (_, j) => {
        const id = findingOf(j);
        return id ? <Link to={`/findings/${encodeURIComponent(id)}`}>{id}</Link> : '—';
      },
    },
    {
      title: t('jobs.reason'),
      key: 'reason',
      render: (_, j) => (
        <Typography.Paragraph
          style={{ margin: 0, maxWidth: 420, whiteSpace: 'pre-wrap' }}
          ellipsis={{ rows: 3, expandable: true }}
        >
          {j.failedReason ?? '—'}
        </Typography.Paragraph>
      ),
    },
    { title: t('jobs.attempts'), dataIndex: 'attemptsMade', key: 'attempts', align: 'right' },
    {
      title: t('jobs.failedAt'),
      key: 'failedAt',
      responsive: ['md'],
      render: (_, j) => <span className="nowrap">{formatDateTime(j.finishedAt ?? j.createdAt)}</span>,
    },
    {
      title: t('common:actions'),
      key: 'retry',
      render: (_, j) => (
        <Button
          size="small"
          type="primary"
          loading={retrying === `${j.queue}/${j.id}`}
          onClick={() => void retry(j)}
          aria-label={`${t('jobs.retry')} ${j.id}`}
        >
          {t('jobs.retry')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24 }}>
        {t('jobs.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 860 }}>
        {t('jobs.intro')}
      </Typography.Paragraph>
      {counts.length ? (
        <section aria-label={t('jobs.perQueue')} style={{ marginBottom: 12 }}>
          <Space size={[4, 8]} wrap>
            {counts.map((c) => (
              <Tag key={c.queue} color={c.failed ? TAG_COLOUR.red : 'default'}>
                {`${queueName(c.queue)}: ${String(c.failed)}`}
              </Tag>
            ))}
          </Space>
        </section>
      ) : null}
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t('jobs.queue')} htmlFor="jobs-queue">
          <Select
            id="jobs-queue"
            style={{ width: 260 }}
            value={queue ?? ''}
            options={[
              { value: '', label: t('jobs.allQueues') },
              ...queues.map((q) => ({ value: q, label: queueName(q) })),
            ]}
            onChange={(v: string) => setParams(v ? { queue: v } : {})}
          />
        </Form.Item>
        <Button icon={<ReloadOutlined />} onClick={() => void jobs.refetch()}>
          {t('jobs.refresh')}
        </Button>
      </Form>
      {jobs.isError ? <ErrorAlert error={jobs.error} /> : null}
      {error ? <ErrorAlert error={error} /> : null}
      <Table<Job>
        rowKey={(j) => `${j.queue}/${j.id}`}
        size="middle"
        loading={jobs.isFetching}
        dataSource={newestFailureFirst(jobs.data?.items ?? [])}
        columns={columns}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('jobs.none') }}
        pagination={{ pageSize: 50, showTotal: (n) => t('jobs.total', { count: n }) }}
      />
    </>
  );
}
