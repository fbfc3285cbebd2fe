import { useState } from 'react';
import { Card, Empty, Progress, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { data, inspection } from '../../api/client';
import type { paths } from '../../api/generated/inspection';
import { formatDate } from '../../lib/format';
import { ErrorAlert } from '../../ui/ErrorResult';
import { SeverityTag, SlaTag, StatusTag, ToneTag } from '../../ui/tags';
import { BulkActions } from './BulkActions';

type Team = paths['/api/team']['get']['responses']['200']['content']['application/json'];
type Item = Team['attention'][number];

/** The supervisor's desk: each inspector's load against the cap, and what waits for an inspector or is overdue. */
export default function TeamPage() {
  const { t, i18n } = useTranslation('supervisor');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const [selected, setSelected] = useState<string[]>([]);
  const team = useQuery({
    queryKey: ['team'],
    queryFn: async () => data(await inspection.GET('/api/team')),
    refetchInterval: 60_000,
  });
  return (
    <>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24 }}>
        {t('teamTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('teamIntro')}</Typography.Paragraph>
      {team.isError ? <ErrorAlert error={team.error} /> : null}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card title={t('load')} size="small">
          <Table
            rowKey="username"
            size="small"
            loading={team.isPending}
            pagination={false}
            dataSource={team.data?.inspectors ?? []}
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: t('inspector'),
                key: 'who',
                render: (_, u) => (
                  <span>
                    {u.name ?? u.username} <Typography.Text type="secondary">({u.username})</Typography.Text>
                  </span>
                ),
              },
              { title: t('common:unit'), dataIndex: 'unitId', key: 'unit' },
              {
                title: t('openInspections'),
                key: 'open',
                width: 260,
                render: (_, u) => {
                  const cap = team.data?.cap ?? 1;
                  return (
                    <Progress
                      percent={Math.round((u.open / cap) * 100)}
                      format={() => t('ofCap', { open: u.open, cap })}
                      status={u.open >= cap ? 'exception' : 'normal'}
                      size="small"
                      aria-label={`${u.username}: ${t('ofCap', { open: u.open, cap })}`}
                    />
                  );
                },
              },
            ]}
          />
        </Card>
        <Card title={t('attention')} size="small">
          <BulkActions
            selected={selected}
            onDone={() => {
              setSelected([]);
              void team.refetch();
            }}
          />
          {team.data && team.data.attention.length === 0 ? (
            <Empty description={t('noAttention')} />
          ) : (
            <div className="scroll-x">
              <Table<Item>
                rowKey="findingId"
                size="small"
                loading={team.isPending}
                dataSource={team.data?.attention ?? []}
                rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
                columns={[
                  {
                    title: t('inspector:finding'),
                    key: 'title',
                    render: (_, f) => <Link to={`/findings/${encodeURIComponent(f.findingId)}`}>{f.title[lang]}</Link>,
                  },
                  {
                    title: t('inspector:severity'),
                    key: 'sev',
                    render: (_, f) => <SeverityTag severity={f.severity} />,
                  },
                  { title: t('common:unit'), dataIndex: 'unitId', key: 'unit' },
                  { title: t('inspector:detectedAt'), key: 'at', render: (_, f) => formatDate(f.detectedAt) },
                  { title: t('common:status'), key: 'status', render: (_, f) => <StatusTag status={f.status} /> },
                  {
                    title: t('inspector:assignee'),
                    key: 'assignee',
                    render: (_, f) =>
                      f.assignee ? (
                        <span>
                          {f.assignee} {f.escalatedAt ? <ToneTag tone="red">{t('escalated')}</ToneTag> : null}
                        </span>
                      ) : (
                        <Typography.Text type="warning">
                          {t('inspector:waiting', { reason: f.waitingReason ?? '—' })}
                        </Typography.Text>
                      ),
                  },
                  { title: t('inspector:sla'), key: 'sla', render: (_, f) => <SlaTag dueAt={f.dueAt} /> },
                ]}
              />
            </div>
          )}
        </Card>
      </Space>
    </>
  );
}
