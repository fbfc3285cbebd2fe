import { Alert, Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/errors';

/** A failed call, worded from its error code in the user's language, with the reference to quote to support. */
export function ErrorText({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const id = error instanceof ApiError ? error.body.correlationId : undefined;
  return (
    <>
      {errorMessage(error, lang)}
      {id ? <div style={{ fontSize: 12, opacity: 0.8 }}>{t('correlation', { id })}</div> : null}
    </>
  );
}

export function ErrorAlert({ error }: { error: unknown }) {
  return <Alert type="error" showIcon role="alert" title={<ErrorText error={error} />} style={{ marginBottom: 16 }} />;
}

export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const status =
    error instanceof ApiError && [403, 404, 500].includes(error.status) ? (String(error.status) as '403') : 'error';
  return (
    <Result
      status={status}
      title={<ErrorText error={error} />}
      extra={onRetry ? <Button onClick={onRetry}>{t('retry')}</Button> : undefined}
    />
  );
}
