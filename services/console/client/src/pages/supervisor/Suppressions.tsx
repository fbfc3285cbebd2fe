import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Modal, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { data, inspection } from '../../api/client';
import type { paths } from '../../api/generated/inspection';
import { formatDate, formatDateTime } from '../../lib/format';
import { useSession } from '../../session';
import { ErrorAlert } from '../../ui/ErrorResult';
import { ToneTag } from '../../ui/tags';
import { UnitSelect } from '../../ui/UnitSelect';
import { RuleSelect } from '../../ui/RuleSelect';

type Page = paths['/api/suppressions']['get']['responses']['200']['content']['application/json'];
type Suppression = Page['items'][number];
type CreateBody = paths['/api/suppressions']['post']['requestBody']['content']['application/json'];

const STATE_TONE = { active: 'orange', lifted: 'grey', expired: 'grey' } as const;

/**
 * Suppressions of a rule in a unit, with their reason and end date: made and lifted by
 * supervisors, seen by leadership. The findings they hold are kept and come back when they end.
 */
export default function Suppressions() {
  const { t } = useTranslation('supervisor');
  const { has } = useSession();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [lifting, setLifting] = useState<Suppression | undefined>();
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Omit<CreateBody, 'until'> & { until: Dayjs }>();
  const list = useQuery({
    queryKey: ['suppressions', page],
    queryFn: async () => data(await inspection.GET('/api/suppressions', { params: { query: { page, pageSize: 20 } } })),
  });
  const canChange = has('inspection_supervisor', 'admin');

  async function create(values: Omit<CreateBody, 'until'> & { until: Dayjs }) {
    setError(undefined);
    setSaving(true);
    try {
      const body: CreateBody = { ...values, until: values.until.format('YYYY-MM-DD') };
      await inspection.POST('/api/suppressions', { body });
      form.resetFields();
      void message.success(t('created', { rule: body.ruleId, unit: body.unitId }));
      await list.refetch();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24 }}>
        {t('suppressionsTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('suppressionsIntro')}
      </Typography.Paragraph>
      {error ? <ErrorAlert error={error} /> : null}
      {canChange ? (
        <Card size="small" title={t('newSuppression')} style={{ marginBottom: 16 }}>
          {/* Named: the fields' ids (and so their labels) must not collide with the lift dialog's. */}
          <Form
            form={form}
            name="new-suppression"
            layout="inline"
            onFinish={(v) => void create(v)}
            style={{ rowGap: 8 }}
          >
            <Form.Item name="ruleId" label={t('rule')} rules={[{ required: true, message: t('common:required') }]}>
              <RuleSelect style={{ minWidth: 280 }} />
            </Form.Item>
            <Form.Item name="unitId" label={t('unit')} rules={[{ required: true, message: t('common:required') }]}>
              <UnitSelect style={{ minWidth: 220 }} />
            </Form.Item>
            <Form.Item name="until" label={t('until')} rules={[{ required: true, message: t('common:required') }]}>
              <DatePicker
                format="DD/MM/YYYY"
                placeholder="dd/mm/yyyy"
                disabledDate={(d) => d.isBefore(dayjs(), 'day')}
              />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('common:reason')}
              rules={[{ required: true, message: t('common:required') }]}
              style={{ minWidth: 320, flex: 1 }}
            >
              <Input maxLength={2000} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('common:save')}
            </Button>
          </Form>
        </Card>
      ) : null}
      {list.isError ? <ErrorAlert error={list.error} /> : null}
      <Table<Suppression>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('rule'), dataIndex: 'ruleId', key: 'rule' },
          { title: t('common:unit'), dataIndex: 'unitId', key: 'unit' },
          { title: t('until'), key: 'until', render: (_, s) => formatDate(s.until) },
          { title: t('common:reason'), dataIndex: 'reason', key: 'reason' },
          {
            title: t('state'),
            key: 'state',
            render: (_, s) => <ToneTag tone={STATE_TONE[s.state]}>{t(`states.${s.state}`)}</ToneTag>,
          },
          {
            title: t('held'),
            key: 'held',
            render: (_, s) =>
              s.held > 0 ? (
                <Link to={`/findings?suppression=${encodeURIComponent(s.id)}&suppressed=only`}>{s.held}</Link>
              ) : (
                0
              ),
          },
          { title: t('released'), dataIndex: 'released', key: 'released' },
          {
            title: t('createdBy'),
            key: 'by',
            render: (_, s) => `${s.createdBy}, ${formatDateTime(s.createdAt)}`,
            responsive: ['lg'],
          },
          ...(canChange
            ? [
                {
                  title: t('common:actions'),
                  key: 'actions',
                  render: (_: unknown, s: Suppression) =>
                    s.state === 'active' ? <Button onClick={() => setLifting(s)}>{t('lift')}</Button> : null,
                },
              ]
            : []),
        ]}
      />
      {lifting ? (
        <LiftDialog
          suppression={lifting}
          onClose={(done) => {
            setLifting(undefined);
            if (done) {
              void message.success(t('lifted'));
              void list.refetch();
            }
          }}
        />
      ) : null}
    </>
  );
}

function LiftDialog({ suppression, onClose }: { suppression: Suppression; onClose: (done: boolean) => void }) {
  const { t } = useTranslation('supervisor');
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function submit(values: { reason: string }) {
    setBusy(true);
    setError(undefined);
    try {
      await inspection.POST('/api/suppressions/{id}/lift', { params: { path: { id: suppression.id } }, body: values });
      onClose(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={t('liftTitle', { rule: suppression.ruleId, unit: suppression.unitId })}
      okText={t('lift')}
      cancelText={t('common:cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      {error ? <ErrorAlert error={error} /> : null}
      <Form form={form} name="lift-suppression" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="reason" label={t('common:reason')} rules={[{ required: true, message: t('common:required') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
