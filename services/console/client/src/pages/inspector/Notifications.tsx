import { Empty, List, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { data, inspection } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { ErrorAlert } from '../../ui/ErrorResult';

/** The user's notifications: assignments, reminders, escalations — newest first, refreshed every minute. */
export default function Notifications() {
  const { t, i18n } = useTranslation('inspector');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const list = useQuery({
    queryKey: ['notifications'],
    queryFn: async () => data(await inspection.GET('/api/notifications', { params: { query: { limit: 100 } } })),
    refetchInterval: 60_000,
  });
  return (
    <>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24 }}>
        {t('notificationsTitle')}
      </Typography.Title>
      {list.isPending ? <Spin /> : null}
      {list.isError ? <ErrorAlert error={list.error} /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <Empty description={t('noNotifications')} />
        ) : (
          <List
            bordered
            dataSource={list.data.items}
            renderItem={(n) => (
              <List.Item
                actions={[
                  <Link key="open" to={`/findings/${encodeURIComponent(n.findingId)}`}>
                    {t('open')}
                  </Link>,
                ]}
              >
                <List.Item.Meta title={n.message[lang]} description={formatDateTime(n.at)} />
              </List.Item>
            )}
          />
        )
      ) : null}
    </>
  );
}
