import { useState } from 'react';
import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Col, Form, Input, List, Progress, Row, Spin, Typography, Upload } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { data, inspection } from '../../api/client';
import { formatDateTime, formatNumber } from '../../lib/format';
import { uploadWithProgress } from '../../lib/upload';
import { ErrorAlert } from '../../ui/ErrorResult';

/** The inspector's working papers: the rule's checklist, notes and attachments (with upload progress). */
export function WorkTab({ findingId }: { findingId: string }) {
  const { t, i18n } = useTranslation('inspector');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>();
  const [progress, setProgress] = useState<{ name: string; percent: number } | undefined>();
  const [noteForm] = Form.useForm<{ text: string }>();
  const work = useQuery({
    queryKey: ['work', findingId],
    queryFn: async () => data(await inspection.GET('/api/findings/{id}/work', { params: { path: { id: findingId } } })),
  });
  const path = { params: { path: { id: findingId } } };

  async function act(run: () => Promise<unknown>) {
    setError(undefined);
    try {
      await run();
      await work.refetch();
    } catch (err) {
      setError(err);
    }
  }

  if (work.isPending) return <Spin />;
  if (work.isError) return <ErrorAlert error={work.error} />;
  const { checklist, notes, attachments } = work.data;
  return (
    <>
      {error ? <ErrorAlert error={error} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('checklist')}>
            <List
              dataSource={checklist}
              renderItem={(item) => (
                <List.Item>
                  <Checkbox
                    checked={item.done}
                    onChange={(e) =>
                      void act(() =>
                        inspection.POST('/api/findings/{id}/checklist/{itemId}', {
                          params: { path: { id: findingId, itemId: item.id } },
                          body: { done: e.target.checked },
                        }),
                      )
                    }
                  >
                    {item[lang]}
                  </Checkbox>
                  {item.mark ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('by', { by: item.mark.by, at: formatDateTime(item.mark.at) })}
                    </Typography.Text>
                  ) : null}
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t('attachments')} style={{ marginTop: 16 }}>
            <Upload
              showUploadList={false}
              customRequest={({ file }) => {
                const f = file as File;
                setProgress({ name: f.name, percent: 0 });
                void act(async () => {
                  try {
                    await uploadWithProgress(
                      `/api/findings/${encodeURIComponent(findingId)}/attachments?name=${encodeURIComponent(f.name)}`,
                      f,
                      (percent) => setProgress({ name: f.name, percent }),
                    );
                    void message.success(t('uploaded', { name: f.name }));
                  } finally {
                    setProgress(undefined);
                  }
                });
              }}
            >
              <Button icon={<UploadOutlined />}>{t('upload')}</Button>
            </Upload>
            {progress ? (
              <div style={{ marginTop: 8 }} aria-live="polite">
                {t('uploading', { name: progress.name })}
                <Progress percent={progress.percent} size="small" />
              </div>
            ) : null}
            <List
              dataSource={attachments}
              renderItem={(a) => (
                <List.Item>
                  <a href={`/api/attachments/${a.sha256}`} download={a.name}>
                    {a.name}
                  </a>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatNumber(a.size / 1024)} KB · {t('by', { by: a.by, at: formatDateTime(a.at) })}
                  </Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('notes')}>
            <Form
              form={noteForm}
              onFinish={(v) =>
                void act(async () => {
                  await inspection.POST('/api/findings/{id}/notes', { ...path, body: { text: v.text } });
                  noteForm.resetFields();
                })
              }
            >
              <Form.Item name="text" label={t('addNote')} rules={[{ required: true, message: t('common:required') }]}>
                <Input.TextArea rows={3} maxLength={20000} />
              </Form.Item>
              <Button htmlType="submit">{t('common:save')}</Button>
            </Form>
            <List
              style={{ marginTop: 12 }}
              dataSource={[...notes].reverse()}
              renderItem={(n) => (
                <List.Item>
                  <List.Item.Meta title={t('by', { by: n.by, at: formatDateTime(n.at) })} description={n.text} />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
