import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { data, inspection } from '../../api/client';
import type { paths } from '../../api/generated/inspection';
import { ErrorAlert } from '../../ui/ErrorResult';
import { InspectorSelect } from '../../ui/InspectorSelect';

type BulkBody = paths['/api/findings/bulk']['post']['requestBody']['content']['application/json'];
type BulkResult = paths['/api/findings/bulk']['post']['responses']['200']['content']['application/json'];
type Action = BulkBody['action'];

/**
 * Triage, dismiss or assign many findings with one reason. The service still moves each one on
 * its own — checked, audited and published — and says which it refused and why.
 */
export function BulkActions({ selected, onDone }: { selected: string[]; onDone: () => void }) {
  const { t } = useTranslation('supervisor');
  const [action, setAction] = useState<Action | undefined>();
  if (selected.length === 0) return null;
  return (
    <Space wrap style={{ marginBottom: 12 }} aria-live="polite">
      <Typography.Text strong>{t('selected', { count: selected.length })}</Typography.Text>
      {(['triage', 'dismiss', 'assign'] as const).map((a) => (
        <Button key={a} onClick={() => setAction(a)} danger={a === 'dismiss'}>
          {t(`bulk.${a}`)}
        </Button>
      ))}
      {action ? (
        <BulkDialog
          action={action}
          findingIds={selected}
          onClose={(done) => {
            setAction(undefined);
            if (done) onDone();
          }}
        />
      ) : null}
    </Space>
  );
}

function BulkDialog({
  action,
  findingIds,
  onClose,
}: {
  action: Action;
  findingIds: string[];
  onClose: (done: boolean) => void;
}) {
  const { t, i18n } = useTranslation('supervisor');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<Omit<BulkBody, 'action' | 'findingIds'>>();
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<BulkResult | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(values: Omit<BulkBody, 'action' | 'findingIds'>) {
    setBusy(true);
    setError(undefined);
    try {
      const r = data(await inspection.POST('/api/findings/bulk', { body: { ...values, action, findingIds } }));
      await queries.invalidateQueries({ queryKey: ['findings'] });
      await queries.invalidateQueries({ queryKey: ['team'] });
      if (r.refused === 0) {
        void message.success(t('bulk.result', { done: r.done, refused: 0 }));
        onClose(true);
      } else setResult(r);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('bulk.title', { action: t(`bulk.${action}`), count: findingIds.length })}
      okText={result ? t('common:confirm') : t(`bulk.${action}`)}
      cancelText={t('common:cancel')}
      confirmLoading={busy}
      onOk={() => (result ? onClose(true) : form.submit())}
      onCancel={() => onClose(result !== undefined)}
      destroyOnHidden
    >
      {error ? <ErrorAlert error={error} /> : null}
      {result ? (
        <Alert
          type={result.done ? 'warning' : 'error'}
          showIcon
          title={t('bulk.result', { done: result.done, refused: result.refused })}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {result.results
                .filter((r) => !r.ok)
                .map((r) => (
                  <li key={r.id}>
                    {t('bulk.refusedItem', { id: r.id, message: 'message' in r ? r.message[lang] : '' })}
                  </li>
                ))}
            </ul>
          }
        />
      ) : (
        <Form form={form} name="bulk" layout="vertical" onFinish={(v) => void submit(v)}>
          {action === 'dismiss' ? (
            <Form.Item
              name="dismissalReason"
              label={t('bulk.dismissalReason')}
              rules={[{ required: true, message: t('common:required') }]}
            >
              <Select
                options={(['known_exception', 'data_error', 'duplicate', 'other'] as const).map((r) => ({
                  value: r,
                  label: t(`inspector:dismissReasons.${r}`),
                }))}
              />
            </Form.Item>
          ) : null}
          {action === 'assign' ? (
            <Form.Item
              name="assignee"
              label={t('bulk.assignee')}
              rules={[{ required: true, message: t('common:required') }]}
            >
              <InspectorSelect />
            </Form.Item>
          ) : null}
          <Form.Item name="reason" label={t('bulk.reason')} rules={[{ required: true, message: t('common:required') }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
