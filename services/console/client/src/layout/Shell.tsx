import { LogoutOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { setLanguage, type Language } from '../i18n';
import { ROUTES } from '../routes';
import { useSession } from '../session';

const { Header, Sider, Content } = Layout;

/** The frame of every signed-in page: the menu of the user's pages, the language switch, who is signed in. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const items = ROUTES.filter((r) => r.menu && r.roles.some((role) => user.roles.includes(role))).map((r) => ({
    key: r.path,
    icon: r.icon,
    label: t(`menu.${r.menu!}`),
  }));
  const selected = items
    .map((i) => i.key)
    .filter((k) => location.pathname === k || location.pathname.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {i18n.language === 'en' ? 'Skip to content' : 'Chuyển tới nội dung'}
      </a>
      <Sider breakpoint="lg" collapsedWidth={56} width={230} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div
          style={{ padding: '16px 12px', fontWeight: 600, color: '#a61d24', whiteSpace: 'nowrap', overflow: 'hidden' }}
        >
          {t('appShort')}
        </div>
        <nav aria-label={i18n.language === 'en' ? 'Main menu' : 'Trình đơn chính'}>
          <Menu mode="inline" items={items} selectedKeys={selected} onClick={(e) => void navigate(e.key)} />
        </nav>
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: '0 16px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 12,
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Typography.Text strong style={{ fontSize: 16 }} ellipsis>
            {t('appName')}
          </Typography.Text>
          <Space size="middle" wrap={false}>
            <Segmented<Language>
              aria-label={t('language')}
              size="small"
              value={i18n.language === 'en' ? 'en' : 'vi'}
              options={[
                { label: 'VI', value: 'vi', title: 'Tiếng Việt' },
                { label: 'EN', value: 'en', title: 'English' },
              ]}
              onChange={(v) => setLanguage(v)}
            />
            <Tooltip title={user.roles.map((r) => t(`role.${r}`)).join(', ')}>
              <span data-testid="signed-in-user">
                <Typography.Text>{user.username}</Typography.Text> <Tag>{user.unitId}</Tag>
              </span>
            </Tooltip>
            <Button icon={<LogoutOutlined />} onClick={() => void signOut()}>
              {t('signOut')}
            </Button>
          </Space>
        </Header>
        <Content id="main" tabIndex={-1} style={{ padding: 20, outline: 'none' }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
