import { useRef, useState } from 'react';
import { CopyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
  type InputRef,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { data, inspection } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../session';
import { ErrorAlert } from '../../ui/ErrorResult';
import { TAG_COLOUR } from './tag-colours';
import {
  ROLES,
  SECOND_ADMIN_ROLES,
  createBody,
  decider,
  pendingRoles,
  updateBody,
  userStates,
  type Grant,
  type Role,
  type User,
  type UserForm,
} from './user-changes';
import { UnitSelect } from '../../ui/UnitSelect';

const USERS = ['admin', 'users'] as const;
const GRANTS = ['admin', 'grants'] as const;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

const STATE_COLOUR = {
  active: TAG_COLOUR.green,
  inactive: 'default',
  locked: TAG_COLOUR.red,
  mustChangePassword: TAG_COLOUR.gold,
} as const;

/** A one-time password just given out: shown once, with who it is for and why it was given. */
interface Issued {
  username: string;
  password: string;
  why: 'created' | 'reset';
  pending?: Role[];
}

/**
 * The users of the administrator's units and their roles: create a user (the one-time password
 * is shown once), change roles, unit, name and registry link, deactivate, reset a password; and
 * the requests for privileged roles that wait for a second administrator (four-eyes), which an
 * administrator other than the one who asked approves or rejects here.
 */
export default function Users() {
  const { t } = useTranslation('admin');
  const { user: me } = useSession();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<User | 'new' | undefined>();
  const [issued, setIssued] = useState<Issued | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string | undefined>();

  const users = useQuery({
    queryKey: USERS,
    queryFn: async () => data(await inspection.GET('/api/users')).items,
  });
  const grants = useQuery({
    queryKey: GRANTS,
    queryFn: async () => data(await inspection.GET('/api/users/grants')).items,
  });
  const pending = pendingRoles(grants.data ?? []);
  const roleNames = (roles: readonly Role[]) => roles.map((r) => t(`common:role.${r}`)).join(', ');

  const refresh = () =>
    Promise.all([queries.invalidateQueries({ queryKey: USERS }), queries.invalidateQueries({ queryKey: GRANTS })]);

  /** Runs one action of a row, its button busy meanwhile; a refusal shows above the table. */
  async function act(key: string, run: () => Promise<void>) {
    setBusy(key);
    setError(undefined);
    try {
      await run();
      await refresh();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  }

  const setActive = (u: User, active: boolean) =>
    act(`active:${u.username}`, async () => {
      await inspection.PATCH('/api/users/{username}', { params: { path: { username: u.username } }, body: { active } });
      void message.success(t(active ? 'users.activated' : 'users.deactivated', { username: u.username }));
    });

  const resetPassword = (u: User) =>
    act(`reset:${u.username}`, async () => {
      const reset = data(
        await inspection.POST('/api/users/{username}/password-reset', { params: { path: { username: u.username } } }),
      );
      setIssued({ username: reset.username, password: reset.oneTimePassword, why: 'reset' });
    });

  const decide = (g: Grant, approve: boolean) =>
    act(`grant:${g.id}`, async () => {
      if (approve) {
        await inspection.POST('/api/users/grants/{id}/approve', { params: { path: { id: g.id } } });
        void message.success(t('users.approved', { username: g.username, roles: roleNames(g.roles) }));
      } else {
        await inspection.POST('/api/users/grants/{id}/reject', { params: { path: { id: g.id } } });
        void message.success(t('users.rejected', { username: g.username }));
      }
    });

  const needle = filter.trim().toLowerCase();
  const shown = (users.data ?? []).filter(
    (u) =>
      !needle ||
      [u.username, u.name ?? '', u.unitId, u.officerId ?? '', roleNames(u.roles)].some((s) =>
        s.toLowerCase().includes(needle),
      ),
  );

  const columns: ColumnsType<User> = [
    {
      title: t('users.username'),
      key: 'username',
      render: (_, u) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>
            {u.username}{' '}
            {u.username === me.username ? <Typography.Text type="secondary">{t('users.me')}</Typography.Text> : null}
          </Typography.Text>
          {u.name ? <Typography.Text type="secondary">{u.name}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: t('common:roles'),
      key: 'roles',
      render: (_, u) => {
        const waiting = pending.get(u.username);
        return (
          <Space size={[0, 4]} wrap>
            {u.roles.map((r) => (
              <Tag key={r}>{t(`common:role.${r}`)}</Tag>
            ))}
            {waiting ? (
              <Tag color={TAG_COLOUR.gold} data-testid={`pending-${u.username}`}>
                {t('users.pending', { roles: roleNames(waiting) })}
              </Tag>
            ) : null}
          </Space>
        );
      },
    },
    { title: t('common:unit'), dataIndex: 'unitId', key: 'unit' },
    { title: t('users.officerId'), key: 'officer', responsive: ['lg'], render: (_, u) => u.officerId ?? '—' },
    {
      title: t('common:status'),
      key: 'state',
      render: (_, u) => (
        <Space size={[0, 4]} wrap>
          {userStates(u).map((s) => (
            <Tag key={s} color={STATE_COLOUR[s]}>
              {t(`users.state.${s}`)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('common:actions'),
      key: 'actions',
      render: (_, u) => (
        <Space size="small" wrap>
          <Button size="small" onClick={() => setEditing(u)} aria-label={`${t('users.edit')} ${u.username}`}>
            {t('users.edit')}
          </Button>
          <Popconfirm
            title={t('users.resetConfirm', { username: u.username })}
            okText={t('common:confirm')}
            cancelText={t('common:cancel')}
            onConfirm={() => void resetPassword(u)}
          >
            <Button
              size="small"
              loading={busy === `reset:${u.username}`}
              aria-label={`${t('users.resetPassword')} ${u.username}`}
            >
              {t('users.resetPassword')}
            </Button>
          </Popconfirm>
          {u.username === me.username ? null : u.active ? (
            <Popconfirm
              title={t('users.deactivateConfirm', { username: u.username })}
              okText={t('common:confirm')}
              cancelText={t('common:cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => void setActive(u, false)}
            >
              <Button
                size="small"
                danger
                loading={busy === `active:${u.username}`}
                aria-label={`${t('users.deactivate')} ${u.username}`}
              >
                {t('users.deactivate')}
              </Button>
            </Popconfirm>
          ) : (
            <Button
              size="small"
              loading={busy === `active:${u.username}`}
              onClick={() => void setActive(u, true)}
              aria-label={`${t('users.activate')} ${u.username}`}
            >
              {t('users.activate')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const grantColumns: ColumnsType<Grant> = [
    { title: t('users.user'), dataIndex: 'username', key: 'user' },
    { title: t('users.requestedRoles'), key: 'roles', render: (_, g) => roleNames(g.roles) },
    { title: t('users.requestedBy'), dataIndex: 'requestedBy', key: 'by', responsive: ['md'] },
    { title: t('users.requestedAt'), key: 'at', responsive: ['md'], render: (_, g) => formatDateTime(g.requestedAt) },
    {
      title: t('common:actions'),
      key: 'decide',
      render: (_, g) => {
        const d = decider(g, me.username);
        // Shown as a sentence, not as a disabled button: a disabled button cannot take the
        // keyboard's focus, so its explanation would be out of reach.
        if (!d.may)
          return (
            <Typography.Text type="secondary">
              {t(d.why === 'asked' ? 'users.youAsked' : 'users.forYou')}
            </Typography.Text>
          );
        const words = { username: g.username, roles: roleNames(g.roles) };
        return (
          <Space size="small" wrap>
            <Popconfirm
              title={t('users.approveConfirm', words)}
              okText={t('common:confirm')}
              cancelText={t('common:cancel')}
              onConfirm={() => void decide(g, true)}
            >
              <Button
                size="small"
                type="primary"
                loading={busy === `grant:${g.id}`}
                aria-label={`${t('users.approve')} ${g.username}`}
              >
                {t('users.approve')}
              </Button>
            </Popconfirm>
            <Popconfirm
              title={t('users.rejectConfirm', words)}
              okText={t('common:confirm')}
              cancelText={t('common:cancel')}
              onConfirm={() => void decide(g, false)}
            >
              <Button size="small" danger aria-label={`${t('users.reject')} ${g.username}`}>
                {t('users.reject')}
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24 }}>
        {t('users.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 860 }}>
        {t('users.intro')}
      </Typography.Paragraph>
      {error ? <ErrorAlert error={error} /> : null}

      <Card
        size="small"
        title={
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t('users.grantsTitle')}
          </Typography.Title>
        }
        style={{ marginBottom: 16 }}
        data-testid="grants"
      >
        <Typography.Paragraph type="secondary">{t('users.grantsIntro')}</Typography.Paragraph>
        {grants.isError ? <ErrorAlert error={grants.error} /> : null}
        <Table<Grant>
          rowKey="id"
          size="small"
          loading={grants.isFetching}
          dataSource={grants.data ?? []}
          columns={grantColumns}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('users.noGrants') }}
        />
      </Card>

      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          aria-label={t('users.filter')}
          placeholder={t('users.filterPlaceholder')}
          style={{ width: 280 }}
          onChange={(e) => setFilter(e.target.value)}
          onSearch={setFilter}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('users.add')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={() => void refresh()}>
          {t('users.refresh')}
        </Button>
      </Space>
      {users.isError ? <ErrorAlert error={users.error} /> : null}
      <Table<User>
        rowKey="username"
        size="middle"
        loading={users.isFetching}
        dataSource={shown}
        columns={columns}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, showTotal: (n) => t('users.total', { count: n }), hideOnSinglePage: false }}
      />

      {editing ? (
        <UserDialog
          user={editing === 'new' ? undefined : editing}
          onClose={async (result) => {
            setEditing(undefined);
            if (!result) return;
            await refresh();
            if (result.issued) setIssued(result.issued);
            else {
              void message.success(t('users.saved', { username: result.username }));
              if (result.pending)
                void message.warning(
                  t('users.pendingSaved', { username: result.username, roles: roleNames(result.pending) }),
                  8,
                );
            }
          }}
        />
      ) : null}
      {issued ? <OneTimePasswordDialog issued={issued} onClose={() => setIssued(undefined)} /> : null}
    </>
  );
}

type DialogResult = { username: string; pending?: Role[]; issued?: Issued } | undefined;

/** Creates a user, or changes one: only the fields that changed are sent (each change ends their sessions). */
function UserDialog({ user, onClose }: { user: User | undefined; onClose: (result: DialogResult) => Promise<void> }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<UserForm>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(values: UserForm) {
    setBusy(true);
    setError(undefined);
    try {
      if (!user) {
        const created = data(await inspection.POST('/api/users', { body: createBody(values) }));
        await onClose({
          username: created.username,
          issued: {
            username: created.username,
            password: created.oneTimePassword,
            why: 'created',
            ...(created.pendingGrant ? { pending: created.pendingGrant.roles } : {}),
          },
        });
        return;
      }
      const body = updateBody(user, values);
      if (!body) {
        void message.info(t('users.noChange'));
        await onClose(undefined);
        return;
      }
      const changed = data(
        await inspection.PATCH('/api/users/{username}', { params: { path: { username: user.username } }, body }),
      );
      await onClose({
        username: changed.username,
        ...(changed.pendingGrant ? { pending: changed.pendingGrant.roles } : {}),
      });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const required = { required: true, message: t('common:required') };
  return (
    <Modal
      open
      title={user ? t('users.editTitle', { username: user.username }) : t('users.createTitle')}
      okText={t('common:save')}
      cancelText={t('common:cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => void onClose(undefined)}
      destroyOnHidden
    >
      {error ? <ErrorAlert error={error} /> : null}
      {user ? <Alert type="info" showIcon title={t('users.editNote')} style={{ marginBottom: 16 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={
          user
            ? { name: user.name, unitId: user.unitId, officerId: user.officerId, roles: user.roles }
            : { roles: ['inspector'] }
        }
      >
        {user ? null : (
          <Form.Item
            name="username"
            label={t('users.username')}
            rules={[required, { pattern: USERNAME, message: t('users.usernameRule') }]}
            extra={t('users.usernameRule')}
          >
            <Input autoComplete="off" spellCheck={false} />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('users.name')}
          rules={user?.name ? [{ required: true, whitespace: true, message: t('users.keepName') }] : []}
        >
          <Input autoComplete="off" maxLength={128} />
        </Form.Item>
        <Form.Item name="unitId" label={t('common:unit')} rules={[{ ...required, whitespace: true }]}>
          <UnitSelect style={{ maxWidth: 360 }} />
        </Form.Item>
        <Form.Item
          name="officerId"
          label={t('users.officerId')}
          extra={user?.officerId ? `${t('users.officerHelp')} ${t('users.keepLink')}` : t('users.officerHelp')}
          rules={user?.officerId ? [{ required: true, whitespace: true, message: t('users.keepLink') }] : []}
        >
          <Input autoComplete="off" maxLength={128} spellCheck={false} />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('common:roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRule') }]}
        >
          <RoleChoice held={user?.roles ?? []} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RoleChoiceProps {
  /** Roles the user already has: asking for them again needs no second administrator. */
  held: readonly Role[];
  // Given by Form.Item.
  id?: string;
  value?: Role[];
  onChange?: (roles: Role[]) => void;
  'aria-invalid'?: boolean | 'true' | 'false';
  'aria-describedby'?: string;
}

/**
 * The roles as a named group of checkboxes, those a second administrator must approve marked so.
 * Form.Item would put `aria-required` on the group, which a group may not carry (axe:
 * aria-allowed-attr); the rule still says at least one role is required.
 */
function RoleChoice({ held, id, value, onChange, ...aria }: RoleChoiceProps) {
  const { t } = useTranslation('admin');
  return (
    <div
      id={id}
      role="group"
      aria-label={t('common:roles')}
      aria-invalid={aria['aria-invalid']}
      aria-describedby={aria['aria-describedby']}
    >
      <Checkbox.Group<Role>
        value={value ?? []}
        onChange={(roles) => onChange?.(roles)}
        style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
      >
        {ROLES.map((r) => (
          <Checkbox key={r} value={r}>
            {t(`common:role.${r}`)}
            {SECOND_ADMIN_ROLES.includes(r) && !held.includes(r) ? (
              <Typography.Text type="secondary"> — {t('users.secondAdmin')}</Typography.Text>
            ) : null}
          </Checkbox>
        ))}
      </Checkbox.Group>
    </div>
  );
}

/**
 * The one-time password, once: the service keeps only its hash, so after this dialog no one
 * can read it again (a new reset is the only way). Closed on purpose only, never by a click
 * beside it.
 */
function OneTimePasswordDialog({ issued, onClose }: { issued: Issued; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const input = useRef<InputRef>(null);
  const roleNames = (roles: readonly Role[]) => roles.map((r) => t(`common:role.${r}`)).join(', ');

  async function copy() {
    try {
      // Missing outside a secure context (plain http on a LAN address): then the text is selected for Ctrl+C.
      await navigator.clipboard.writeText(issued.password);
      void message.success(t('users.copied'));
    } catch {
      input.current?.select();
      void message.info(t('users.copyByHand'), 6);
    }
  }

  return (
    <Modal
      open
      title={t('users.otpTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('users.otpDone')}
        </Button>
      }
    >
      <Typography.Paragraph>
        {t(issued.why === 'created' ? 'users.created' : 'users.resetDone', { username: issued.username })}
      </Typography.Paragraph>
      {issued.pending ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('users.pendingSaved', { username: issued.username, roles: roleNames(issued.pending) })}
        />
      ) : null}
      <Alert type="warning" showIcon role="alert" title={t('users.otpWarning')} style={{ marginBottom: 16 }} />
      <label htmlFor="one-time-password" style={{ display: 'block', marginBottom: 6 }}>
        {t('users.otpLabel', { username: issued.username })}
      </label>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          id="one-time-password"
          ref={input}
          readOnly
          value={issued.password}
          spellCheck={false}
          autoComplete="off"
          style={{ fontFamily: 'monospace', fontSize: 16 }}
          onFocus={(e) => e.target.select()}
        />
        <Button icon={<CopyOutlined />} onClick={() => void copy()}>
          {t('users.copy')}
        </Button>
      </Space.Compact>
    </Modal>
  );
}
