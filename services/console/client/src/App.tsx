import { Suspense, useEffect, useState } from 'react';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { Shell } from './layout/Shell';
import { SignIn } from './pages/account/SignIn';
import { homeOf, ROUTES } from './routes';
import { SessionProvider, useCurrentSession } from './session';
import { ErrorResult } from './ui/ErrorResult';

/**
 * The theme: Ant Design's, with the colours of text, links and secondary text darkened so that
 * each keeps WCAG AA contrast (4.5:1) on white and on the light grey of the page.
 */
const THEME = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorInfo: '#0958d9',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextDescription: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
    colorWarningText: '#874d00',
    colorError: '#c41d1f',
    borderRadius: 6,
    fontSize: 14,
  },
};

export function App() {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  useEffect(() => {
    dayjs.locale(lang === 'vi' ? 'vi' : 'en');
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'vi' ? viVN : enUS} theme={THEME}>
      <AntApp>
        <Gate />
      </AntApp>
    </ConfigProvider>
  );
}

function Gate() {
  const current = useCurrentSession();
  if (current.isPending)
    return (
      <div style={{ display: 'grid', placeItems: 'center', height: '100%' }}>
        <Spin size="large" />
      </div>
    );
  if (current.isError) return <ErrorResult error={current.error} onRetry={() => void current.refetch()} />;
  if (!current.data) return <SignIn />;
  return (
    <SessionProvider user={current.data}>
      <SignedIn roles={current.data.roles} />
    </SessionProvider>
  );
}

function SignedIn({ roles }: { roles: readonly string[] }) {
  const { t } = useTranslation();
  const [router] = useState(() =>
    createBrowserRouter([
      {
        element: <Shell />,
        children: [
          { index: true, element: <Navigate to={homeOf(roles as never)} replace /> },
          ...ROUTES.map((r) => ({
            path: r.path,
            element: r.roles.some((role) => roles.includes(role)) ? (
              <Suspense fallback={<Spin style={{ margin: 48 }} />}>
                <r.page />
              </Suspense>
            ) : (
              <Result status="403" title={t('forbiddenPage')} />
            ),
          })),
          { path: '*', element: <Result status="404" title={t('notFound')} /> },
        ],
      },
    ]),
  );
  return <RouterProvider router={router} />;
}
