import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors';
import { session } from '../../api/session';
import { setLanguage, type Language } from '../../i18n';
import { SESSION_KEY } from '../../session';
import { ErrorAlert } from '../../ui/ErrorResult';

/**
 * Signing in. A one-time password (a new user, a reset) must be changed before anything else:
 * the form asks for the new one at once.
 */
export function SignIn() {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [oneTime, setOneTime] = useState<{ password: string } | undefined>();
  const [changed, setChanged] = useState(false);
  const [ended] = useState(() => {
    const v = sessionStorage.getItem('thads.sessionEnded') === '1';
    sessionStorage.removeItem('thads.sessionEnded');
    return v;
  });

  async function signIn(values: { username: string; password: string }) {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await session.signIn(values.username, values.password);
      if (answer.mustChangePassword) setOneTime({ password: values.password });
      else queries.setQueryData(SESSION_KEY, answer.user);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function changePassword(values: { newPassword: string }) {
    setBusy(true);
    setError(undefined);
    try {
      const res = await fetch('/api/auth/password', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'X-Requested-With': 'thads-console' },
        body: JSON.stringify({ currentPassword: oneTime!.password, newPassword: values.newPassword }),
      });
      if (!res.ok) throw new ApiError(res.status, (await res.json()) as never);
      // A new password ends every session, this one too: sign in again with it.
      await session.signOut().catch(() => undefined);
      setOneTime(undefined);
      setChanged(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 420 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {t('appName')}
          </Typography.Title>
          <Segmented<Language>
            aria-label={t('language')}
            size="small"
            value={i18n.language === 'en' ? 'en' : 'vi'}
            options={[
              { label: 'VI', value: 'vi' },
              { label: 'EN', value: 'en' },
            ]}
            onChange={(v) => setLanguage(v)}
          />
        </div>
        <div style={{ height: 16 }} />
        {ended ? <Alert type="info" showIcon title={t('sessionEnded')} style={{ marginBottom: 16 }} /> : null}
        {changed ? <Alert type="success" showIcon title={t('passwordChanged')} style={{ marginBottom: 16 }} /> : null}
        {error ? <ErrorAlert error={error} /> : null}
        {oneTime ? (
          <Form
            layout="vertical"
            onFinish={(v: { newPassword: string }) => void changePassword(v)}
            requiredMark={false}
          >
            <Alert type="warning" showIcon title={t('mustChangePassword')} style={{ marginBottom: 16 }} />
            <Form.Item
              name="newPassword"
              label={t('newPassword')}
              rules={[{ required: true, min: 12, message: t('newPassword') }]}
            >
              <Input.Password autoComplete="new-password" autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>
              {t('changePassword')}
            </Button>
          </Form>
        ) : (
          <Form
            layout="vertical"
            onFinish={(v: { username: string; password: string }) => void signIn(v)}
            requiredMark={false}
          >
            <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}>
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>
              {t('signIn')}
            </Button>
          </Form>
        )}
      </Card>
    </main>
  );
}
