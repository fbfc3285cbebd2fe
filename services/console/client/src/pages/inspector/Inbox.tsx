import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FindingsTable } from './FindingsTable';

/** The inspector's own work: the findings of the inspections given to them. */
export default function Inbox() {
  const { t } = useTranslation('inspector');
  return (
    <>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24 }}>
        {t('inboxTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('inboxIntro')}</Typography.Paragraph>
      <FindingsTable mine />
    </>
  );
}
