import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FindingsTable } from './FindingsTable';

/** Every finding within the user's units. */
export default function Findings() {
  const { t } = useTranslation('inspector');
  return (
    <>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24 }}>
        {t('findingsTitle')}
      </Typography.Title>
      <FindingsTable mine={false} />
    </>
  );
}
