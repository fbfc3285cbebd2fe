import { useState } from 'react';
import { Checkbox, Form, Input, Modal, Radio, Select } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { inspection } from '../../api/client';
import type { paths } from '../../api/generated/inspection';
import { ErrorAlert } from '../../ui/ErrorResult';
import type { Status } from './FindingPage';
import { InspectorSelect } from '../../ui/InspectorSelect';

type TransitionBody = paths['/api/findings/{id}/transitions']['post']['requestBody']['content']['application/json'];

/** One step of the workflow, with what that step requires (a reason to dismiss, a reasoning to conclude, …). */
export function TransitionDialog({
  findingId,
  to,
  onClose,
}: {
  findingId: string;
  to: Status;
  onClose: (done: boolean) => void;
}) {
  const { t } = useTranslation('inspector');
  const [form] = Form.useForm<TransitionBody>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const queries = useQueryClient();

  async function submit(values: Omit<TransitionBody, 'to'>) {
    setBusy(true);
    setError(undefined);
    try {
      await inspection.POST('/api/findings/{id}/transitions', {
        params: { path: { id: findingId } },
        body: { ...values, to },
      });
      await queries.invalidateQueries({ queryKey: ['findings'] });
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
      title={t(`to.${to}`)}
      okText={t('common:confirm')}
      cancelText={t('common:cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      {error ? <ErrorAlert error={error} /> : null}
      <Form
        form={form}
        name="transition"
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ truePositive: true }}
      >
        {to === 'dismissed' ? (
          <>
            <Form.Item
              name="reason"
              label={t('dismissReason')}
              rules={[{ required: true, message: t('common:required') }]}
            >
              <Select
                options={(['known_exception', 'data_error', 'duplicate', 'other'] as const).map((r) => ({
                  value: r,
                  label: t(`dismissReasons.${r}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="note" label={t('common:note')} rules={[{ required: true, message: t('common:required') }]}>
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
          </>
        ) : null}
        {to === 'concluded' ? (
          <>
            <Form.Item name="result" label={t('result')} rules={[{ required: true, message: t('common:required') }]}>
              <Radio.Group
                options={(['substantiated', 'unsubstantiated', 'inconclusive'] as const).map((r) => ({
                  value: r,
                  label: t(`results.${r}`),
                }))}
              />
            </Form.Item>
            <Form.Item
              name="reasoning"
              label={t('reasoning')}
              rules={[{ required: true, message: t('common:required') }]}
            >
              <Input.TextArea rows={5} maxLength={10000} showCount />
            </Form.Item>
            <Form.Item name="truePositive" valuePropName="checked">
              <Checkbox>{t('truePositive')}</Checkbox>
            </Form.Item>
          </>
        ) : null}
        {to === 'referred' ? (
          <>
            <Form.Item name="target" label={t('target')} rules={[{ required: true, message: t('common:required') }]}>
              <Radio.Group
                options={(['discipline_committee', 'investigators'] as const).map((r) => ({
                  value: r,
                  label: t(`targets.${r}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="note" label={t('common:note')} rules={[{ required: true, message: t('common:required') }]}>
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
          </>
        ) : null}
        {to === 'closed' ? (
          <Form.Item name="note" label={t('common:note')}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/** A supervisor gives the inspection to another inspector, with the reason (the service checks eligibility). */
export function ReassignDialog({ findingId, onClose }: { findingId: string; onClose: (assignee?: string) => void }) {
  const { t } = useTranslation('inspector');
  const [form] = Form.useForm<{ assignee: string; reason: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const queries = useQueryClient();

  async function submit(values: { assignee: string; reason: string }) {
    setBusy(true);
    setError(undefined);
    try {
      await inspection.POST('/api/findings/{id}/assignment', { params: { path: { id: findingId } }, body: values });
      await queries.invalidateQueries({ queryKey: ['findings'] });
      onClose(values.assignee);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('reassign')}
      okText={t('common:confirm')}
      cancelText={t('common:cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose()}
      destroyOnHidden
    >
      {error ? <ErrorAlert error={error} /> : null}
      <Form form={form} name="reassign" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="assignee" label={t('reassignTo')} rules={[{ required: true, message: t('common:required') }]}>
          <InspectorSelect />
        </Form.Item>
        <Form.Item name="reason" label={t('common:reason')} rules={[{ required: true, message: t('common:required') }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
