import { useState } from 'react';
import { UploadOutlined } from '@ant-design/icons';
import {
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  List,
  Modal,
  Progress,
  Radio,
  Select,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { discipline } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import { uploadWithProgress } from '../../lib/upload';
import { ErrorAlert } from '../../ui/ErrorResult';
import { useChoiceLabel } from './labels';
import { councilIds, type Proceeding, type StepKind } from './proceeding-steps';

const EXCLUSION_KINDS = ['illness', 'pregnancy_or_infant', 'prosecution'] as const;
const CRIMINAL_SIGNS = ['embezzlement', 'bribe_taking', 'appropriation', 'criminal_negligence'] as const;
const ATTENDANCE = [
  'present',
  'absent_with_valid_reason',
  'absent_without_valid_reason',
  'heard_in_absence_on_request',
] as const;
const APPEAL_RESULTS = ['upheld', 'changed', 'annulled'] as const;
/** What the service accepts as a document of the response (services/discipline/src/hearing/documents.ts). */
const DOCUMENT_ACCEPT = '.pdf,.txt,.png,.jpg,.jpeg,application/pdf,text/plain,image/png,image/jpeg';

type Form = Record<string, unknown>;

const day = (d: unknown) => (d as Dayjs).format('YYYY-MM-DD');
const ids = (s: unknown) =>
  typeof s === 'string'
    ? s
        .split(/[\s,;]+/)
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

interface Uploaded {
  name: string;
  sha256: string;
}

/**
 * One step of the proceeding as a form, for whom the API lets take it: the fields the step's
 * body needs, sent to its endpoint; a refusal is shown from its error code, on the field it
 * names when the form has that field (a summons too soon names `meetingOn`).
 */
export function StepDialog({
  proceeding,
  step,
  officerId,
  onClose,
}: {
  proceeding: Proceeding;
  step: StepKind;
  officerId: string | undefined;
  onClose: (done: boolean) => void;
}) {
  const { t, i18n } = useTranslation('committee');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const choiceLabel = useChoiceLabel();
  const [form] = Form.useForm<Form>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [uploads, setUploads] = useState<Uploaded[]>([]);
  const [progress, setProgress] = useState<{ name: string; percent: number }>();
  const outcome = Form.useWatch('outcome', form) as string | undefined;
  const appealResult = Form.useWatch('result', form) as string | undefined;
  const id = proceeding.proceedingId;
  const path = { params: { path: { id } } };
  const members = councilIds(proceeding);
  const required = [{ required: true, message: t('common:required') }];
  const formOptions = proceeding.allowedForms.map((f) => ({ value: f, label: t(`form.${f}`) }));

  async function run(values: Form): Promise<void> {
    switch (step) {
      case 'formCouncil':
        await discipline.POST('/api/discipline/proceedings/{id}/council', {
          ...path,
          body: {
            chair: String(values['chair']),
            members: [String(values['member1']), String(values['member2'])],
            ...(ids(values['alternates']).length ? { alternates: ids(values['alternates']) } : {}),
          },
        });
        return;
      case 'recheckCouncil':
        await discipline.POST('/api/discipline/proceedings/{id}/council/recheck', {
          ...path,
          body: ids(values['alternates']).length ? { alternates: ids(values['alternates']) } : {},
        });
        return;
      case 'extend':
        await discipline.POST('/api/discipline/proceedings/{id}/extension', {
          ...path,
          body: { reason: String(values['reason']) },
        });
        return;
      case 'exclude':
        await discipline.POST('/api/discipline/proceedings/{id}/exclusions', {
          ...path,
          body: {
            kind: values['kind'] as (typeof EXCLUSION_KINDS)[number],
            from: day(values['from']),
            to: day(values['to']),
          },
        });
        return;
      case 'decide':
        await discipline.POST('/api/discipline/proceedings/{id}/decision', {
          ...path,
          body: {
            outcome: values['outcome'] as 'disciplined' | 'not_disciplined',
            ...(values['outcome'] === 'disciplined'
              ? { form: values['form'] as Proceeding['allowedForms'][number] }
              : {}),
            ...(typeof values['reason'] === 'string' && values['reason'].trim()
              ? { reason: values['reason'].trim() }
              : {}),
          },
        });
        return;
      case 'serve':
        await discipline.POST('/api/discipline/proceedings/{id}/decision/service', {
          ...path,
          body: { servedOn: day(values['servedOn']) },
        });
        return;
      case 'investigators':
        await discipline.POST('/api/discipline/proceedings/{id}/investigators', {
          ...path,
          body: { signs: values['signs'] as (typeof CRIMINAL_SIGNS)[number][], note: String(values['note']) },
        });
        return;
      case 'summon':
        await discipline.POST('/api/discipline/proceedings/{id}/summons', {
          ...path,
          body: {
            meetingOn: day(values['meetingOn']),
            ...(values['previous'] && values['previous'] !== 'first'
              ? { previous: values['previous'] as 'absent_with_valid_reason' | 'absent_without_valid_reason' }
              : {}),
          },
        });
        return;
      case 'meet':
        await discipline.POST('/api/discipline/proceedings/{id}/meeting', {
          ...path,
          body: {
            present: values['present'] as string[],
            subject: values['subject'] as (typeof ATTENDANCE)[number],
          },
        });
        return;
      case 'openRound':
        await discipline.POST('/api/discipline/proceedings/{id}/rounds', path);
        return;
      case 'recommend':
        await discipline.POST('/api/discipline/proceedings/{id}/recommendation', path);
        return;
      case 'respond':
        await discipline.POST('/api/discipline/proceedings/{id}/responses', {
          ...path,
          body: {
            text: String(values['text']),
            ...(uploads.length ? { documents: uploads.map((u) => u.sha256) } : {}),
          },
        });
        return;
      case 'appeal':
        await discipline.POST('/api/discipline/proceedings/{id}/appeal', {
          ...path,
          body: { grounds: String(values['grounds']) },
        });
        return;
      case 'designateReviewer':
        await discipline.POST('/api/discipline/proceedings/{id}/appeal/reviewer', {
          ...path,
          body: { reviewerId: String(values['reviewerId']).trim() },
        });
        return;
      case 'resolveAppeal':
        await discipline.POST('/api/discipline/proceedings/{id}/appeal/result', {
          ...path,
          body: {
            result: values['result'] as (typeof APPEAL_RESULTS)[number],
            ...(values['result'] === 'changed' ? { form: values['form'] as Proceeding['allowedForms'][number] } : {}),
            reasoning: String(values['reasoning']),
          },
        });
        return;
    }
  }

  async function submit(values: Form) {
    setBusy(true);
    setError(undefined);
    try {
      await run(values);
      onClose(true);
    } catch (err) {
      setError(err);
      // The service names the field it refused (`field`): show the message there too.
      const field = err instanceof ApiError ? err.body.field : undefined;
      if (field && form.getFieldInstance(field) !== undefined)
        form.setFields([{ name: field, errors: [errorMessage(err, lang)] }]);
    } finally {
      setBusy(false);
    }
  }

  async function upload(file: File) {
    setError(undefined);
    setProgress({ name: file.name, percent: 0 });
    try {
      const doc = (await uploadWithProgress(
        `/api/discipline/proceedings/${encodeURIComponent(id)}/documents?name=${encodeURIComponent(file.name)}`,
        file,
        (percent) => setProgress({ name: file.name, percent }),
      )) as Uploaded;
      setUploads((u) => [...u.filter((x) => x.sha256 !== doc.sha256), { name: doc.name, sha256: doc.sha256 }]);
    } catch (err) {
      setError(err);
    } finally {
      setProgress(undefined);
    }
  }

  const lastCall = proceeding.calls.at(-1);
  const initial: Form =
    ({
      formCouncil: { chair: officerId },
      meet: { present: members, subject: 'present' },
      decide: {
        outcome: proceeding.recommendation?.outcome === 'not_disciplined' ? 'not_disciplined' : 'disciplined',
        form: proceeding.recommendation?.form,
      },
      summon: { previous: lastCall ? 'absent_with_valid_reason' : 'first' },
    }[step as string] as Form | undefined) ?? {};

  return (
    <Modal
      open
      title={t(`step.${step}`)}
      okText={t('common:confirm')}
      cancelText={t('common:cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
      width={640}
    >
      {error ? <ErrorAlert error={error} /> : null}
      <Form form={form} name="step" layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)}>
        {step === 'openRound' ? <Typography.Paragraph>{t('openRoundConfirm')}</Typography.Paragraph> : null}
        {step === 'recommend' ? <Typography.Paragraph>{t('recommendConfirm')}</Typography.Paragraph> : null}
        {step === 'formCouncil' ? (
          <>
            <Form.Item name="chair" label={t('chairId')} rules={required}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="member1" label={t('member1')} rules={required}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="member2" label={t('member2')} rules={required}>
              <Input autoComplete="off" />
            </Form.Item>
          </>
        ) : null}
        {step === 'formCouncil' || step === 'recheckCouncil' ? (
          <Form.Item name="alternates" label={t('alternates')}>
            <Input autoComplete="off" />
          </Form.Item>
        ) : null}
        {step === 'extend' ? (
          <Form.Item name="reason" label={t('extensionReason')} rules={required}>
            <Input.TextArea rows={4} maxLength={5000} showCount />
          </Form.Item>
        ) : null}
        {step === 'exclude' ? (
          <>
            <Form.Item name="kind" label={t('exclusionKindLabel')} rules={required}>
              <Select options={EXCLUSION_KINDS.map((k) => ({ value: k, label: t(`exclusionKind.${k}`) }))} />
            </Form.Item>
            <Form.Item name="from" label={t('common:from')} rules={required}>
              <DatePicker format="DD/MM/YYYY" />
            </Form.Item>
            <Form.Item name="to" label={t('common:to')} rules={required}>
              <DatePicker format="DD/MM/YYYY" />
            </Form.Item>
          </>
        ) : null}
        {step === 'decide' ? (
          <>
            <Form.Item name="outcome" label={t('decisionOutcome')} rules={required}>
              <Radio.Group
                options={(['disciplined', 'not_disciplined'] as const).map((o) => ({
                  value: o,
                  label: t(`outcomes.${o}`),
                }))}
              />
            </Form.Item>
            {outcome === 'disciplined' ? (
              <Form.Item name="form" label={t('decisionForm')} rules={required}>
                <Select options={formOptions} />
              </Form.Item>
            ) : null}
            <Form.Item name="reason" label={t('decisionReasonLabel')}>
              <Input.TextArea rows={3} maxLength={20000} showCount />
            </Form.Item>
          </>
        ) : null}
        {step === 'serve' ? (
          <Form.Item name="servedOn" label={t('servedOnLabel')} rules={required}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
        ) : null}
        {step === 'investigators' ? (
          <>
            <Form.Item name="signs" label={t('signsLabel')} rules={required}>
              <Checkbox.Group
                style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
                options={CRIMINAL_SIGNS.map((s) => ({ value: s, label: t(`signs.${s}`) }))}
              />
            </Form.Item>
            <Form.Item name="note" label={t('investigatorsNote')} rules={required}>
              <Input.TextArea rows={4} maxLength={20000} showCount />
            </Form.Item>
          </>
        ) : null}
        {step === 'summon' ? (
          <>
            <Form.Item name="meetingOn" label={t('meetingOn')} rules={required}>
              <DatePicker format="DD/MM/YYYY" />
            </Form.Item>
            {lastCall ? (
              <Form.Item name="previous" label={t('previousCall')} rules={required}>
                <Radio.Group
                  options={(['absent_with_valid_reason', 'absent_without_valid_reason'] as const).map((a) => ({
                    value: a,
                    label: t(`attendance.${a}`),
                  }))}
                />
              </Form.Item>
            ) : null}
          </>
        ) : null}
        {step === 'meet' ? (
          <>
            <Form.Item name="present" label={t('present')} rules={required}>
              <Checkbox.Group options={members.map((m) => ({ value: m, label: officerLabel(proceeding, m) }))} />
            </Form.Item>
            <Form.Item name="subject" label={t('subjectAttendance')} rules={required}>
              <Radio.Group
                style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
                options={ATTENDANCE.map((a) => ({ value: a, label: t(`attendance.${a}`) }))}
              />
            </Form.Item>
          </>
        ) : null}
        {step === 'respond' ? (
          <>
            <Form.Item name="text" label={t('responseText')} rules={required}>
              <Input.TextArea rows={8} maxLength={100000} showCount />
            </Form.Item>
            <Form.Item label={t('responseDocuments')}>
              <Upload
                accept={DOCUMENT_ACCEPT}
                showUploadList={false}
                customRequest={({ file }) => void upload(file as File)}
              >
                <Button icon={<UploadOutlined />} disabled={progress !== undefined}>
                  {t('uploadDocument')}
                </Button>
              </Upload>
              {progress ? (
                <div role="status" style={{ marginTop: 8 }}>
                  {t('uploading', { name: progress.name })}
                  <Progress percent={progress.percent} size="small" />
                </div>
              ) : null}
              {uploads.length ? (
                <List size="small" dataSource={uploads} renderItem={(u) => <List.Item>{u.name}</List.Item>} />
              ) : null}
            </Form.Item>
          </>
        ) : null}
        {step === 'appeal' ? (
          <Form.Item name="grounds" label={t('appealGroundsLabel')} rules={required}>
            <Input.TextArea rows={6} maxLength={20000} showCount />
          </Form.Item>
        ) : null}
        {step === 'designateReviewer' ? (
          <Form.Item name="reviewerId" label={t('reviewerId')} rules={required}>
            <Input autoComplete="off" />
          </Form.Item>
        ) : null}
        {step === 'resolveAppeal' ? (
          <>
            <Form.Item name="result" label={t('appealResultLabel')} rules={required}>
              <Radio.Group options={APPEAL_RESULTS.map((r) => ({ value: r, label: t(`appealResults.${r}`) }))} />
            </Form.Item>
            {appealResult === 'changed' ? (
              <Form.Item name="form" label={t('appealForm')} rules={required}>
                <Select options={formOptions.map((o) => ({ ...o, label: choiceLabel(o.value) }))} />
              </Form.Item>
            ) : null}
            <Form.Item name="reasoning" label={t('reasoning')} rules={required}>
              <Input.TextArea rows={5} maxLength={20000} showCount />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}

/** "Lê Văn C (C1)" when the proceeding names the council member, the officer id otherwise. */
export function officerLabel(p: Proceeding, officerId: string): string {
  const c = p.council;
  const name = [c?.chair, c?.member_1, c?.member_2].find((o) => o?.officerId === officerId)?.name;
  return name ? `${name} (${officerId})` : officerId;
}
