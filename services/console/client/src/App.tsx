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
 * The theme of every page: Ant Design's, with the colours that fall short of WCAG AA (4.5:1 for
 * small text: its secondary text at 45 % black is 3.4:1, its link blue #1677ff 4.1:1, its error
 * red #ff4d4f 3.2:1, and the lighter blues of hover) darkened, on white and on the light grey of
 * the page. axe-core checks every page of the browser tests against it.
 */
const THEME = {
  token: {
    colorPrimary: '#0958d9',
    colorPrimaryHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    colorLink: '#0958d9',
    colorLinkHover: '#003eb3',
    colorLinkActive: '#002c8c',
    colorInfo: '#0958d9',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextDescription: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
    colorTextDisabled: 'rgba(0, 0, 0, 0.56)',
    colorWarningText: '#874d00',
    colorError: '#c41d1f',
    colorErrorHover: '#a8071a',
    colorErrorActive: '#820014',
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
