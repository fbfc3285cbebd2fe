import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Collapse,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { data, detector } from '../../api/client';
import { ApiError } from '../../api/errors';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatRate } from '../../lib/format';
import { ErrorAlert } from '../../ui/ErrorResult';
import { TAG_COLOUR } from './tag-colours';
import {
  generalInForce,
  startingParams,
  stepOf,
  timeline,
  versionBody,
  versionState,
  type ParamSpec,
  type RuleEntry,
  type Version,
  type VersionForm,
} from './rules-model';
import { UnitSelect } from '../../ui/UnitSelect';

const RULES = ['admin', 'rules'] as const;
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const STATE_COLOUR = { current: 'green', future: 'blue', past: 'gray' } as const;
/** Solid tags with white text, each colour at least 4.5:1 against it (AA). */
const TAG = { ...TAG_COLOUR, blue: '#003eb3', purple: '#531dab', grey: '#595959' } as const;
const SEVERITY_COLOUR: Record<string, string> = {
  critical: '#9e1068',
  high: '#ad2102',
  medium: '#874d00',
  low: '#003eb3',
};

function SeverityTag({ severity }: { severity: string }) {
  const { t } = useTranslation('inspector');
  return <Tag color={SEVERITY_COLOUR[severity] ?? TAG.grey}>{t(`sev.${severity}`, { defaultValue: severity })}</Tag>;
}

/** A threshold as people read it: days, a count, money in đồng, a share in per cent. */
function useParamText() {
  const { t } = useTranslation('admin');
  return (spec: ParamSpec, value: number | undefined) => {
    if (value === undefined) return '—';
    switch (spec.kind) {
      case 'vnd':
        return formatMoney(value);
      case 'share':
        return formatRate(value);
      case 'days':
        return t('rules.daysValue', { count: value, value: formatNumber(value) });
      case 'count':
        return formatNumber(value);
    }
  };
}

/**
 * The rule book: every rule with its versions on a timeline (the ones in force today marked,
 * unit overrides among them), and "add a version" — new thresholds from a day after today, for
 * every unit or for one unit, with the reason. The detector checks and applies it on every
 * instance without a restart.
 */
export default function Rules() {
  const { t } = useTranslation('admin');
  const [adding, setAdding] = useState<RuleEntry | undefined>();
  const book = useQuery({ queryKey: RULES, queryFn: async () => data(await detector.GET('/api/rules')) });

  return (
    <>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24 }}>
        {t('rules.title')}
      </Typography.Title>
      <Typography.Paragraph style={{ maxWidth: 880 }}>{t('rules.intro')}</Typography.Paragraph>
      {book.isError ? <ErrorAlert error={book.error} /> : null}
      {book.isPending ? <Spin aria-label={t('common:loading')} /> : null}
      {book.data && !book.data.rootAdministrator ? (
        <Alert type="info" showIcon title={t('rules.unitOnly')} style={{ marginBottom: 16 }} />
      ) : null}
      {book.data ? (
        <Collapse
          items={book.data.rules.map((rule) => ({
            key: rule.ruleId,
            label: <RuleHeader rule={rule} />,
            children: <RuleDetail rule={rule} today={book.data.today} onAdd={() => setAdding(rule)} />,
          }))}
        />
      ) : null}
      {adding && book.data ? (
        <AddVersionDialog
          rule={adding}
          today={book.data.today}
          root={book.data.rootAdministrator}
          onClose={() => setAdding(undefined)}
        />
      ) : null}
    </>
  );
}

function RuleHeader({ rule }: { rule: RuleEntry }) {
  const { t } = useTranslation('admin');
  const paramText = useParamText();
  const current = generalInForce(rule);
  const overrides = new Set(rule.versions.flatMap((v) => (v.unitId ? [v.unitId] : []))).size;
  return (
    <Space wrap size={[12, 4]}>
      <Typography.Text strong>{t(`rules.names.${rule.ruleId}`, { defaultValue: rule.ruleId })}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {rule.ruleId}
      </Typography.Text>
      {current
        ? rule.params.map((p) => (
            <Tag
              key={p.name}
            >{`${t(`rules.params.${p.name}`, { defaultValue: p.name })}: ${paramText(p, current.params[p.name])}`}</Tag>
          ))
        : null}
      {overrides ? <Tag color={TAG.purple}>{t('rules.overrides', { count: overrides })}</Tag> : null}
    </Space>
  );
}

function RuleDetail({ rule, today, onAdd }: { rule: RuleEntry; today: string; onAdd: () => void }) {
  const { t, i18n } = useTranslation('admin');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const name = t(`rules.names.${rule.ruleId}`, { defaultValue: rule.ruleId });
  return (
    <>
      <Typography.Paragraph>{rule.firesWhen[lang]}</Typography.Paragraph>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={onAdd}
        aria-label={t('rules.addFor', { rule: name })}
        style={{ marginBottom: 24 }}
      >
        {t('rules.add')}
      </Button>
      <Timeline
        aria-label={t('rules.timelineOf', { rule: name })}
        items={timeline(rule).map((v) => {
          const state = versionState(v, today);
          return {
            key: v.versionId,
            color: STATE_COLOUR[state],
            content: <VersionItem rule={rule} version={v} state={state} />,
          };
        })}
      />
    </>
  );
}

function VersionItem({
  rule,
  version: v,
  state,
}: {
  rule: RuleEntry;
  version: Version;
  state: keyof typeof STATE_COLOUR;
}) {
  const { t, i18n } = useTranslation('admin');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const paramText = useParamText();
  return (
    <div data-testid={`version-${v.versionId}`}>
      <Space wrap size={[8, 4]}>
        <Typography.Text strong>{t('rules.from', { date: formatDate(v.effectiveFrom) })}</Typography.Text>
        <Typography.Text>{t('rules.versionN', { n: v.version })}</Typography.Text>
        <Tag color={state === 'current' ? TAG.green : state === 'future' ? TAG.blue : TAG.grey}>
          {t(`rules.state.${state}`)}
        </Tag>
        <Tag color={v.unitId ? TAG.purple : undefined}>
          {v.unitId ? t('rules.unitOwn', { unit: v.unitId }) : t('rules.everyUnit')}
        </Tag>
        <SeverityTag severity={v.severity} />
      </Space>
      <Descriptions
        size="small"
        column={1}
        style={{ marginTop: 8 }}
        items={[
          ...rule.params.map((p) => ({
            key: p.name,
            label: t(`rules.params.${p.name}`, { defaultValue: p.name }),
            children: paramText(p, v.params[p.name]),
          })),
          ...(rule.params.length
            ? []
            : [{ key: 'none', label: t('rules.thresholds'), children: t('rules.noThresholds') }]),
          { key: 'basis', label: t('rules.legalBasis'), children: v.legalBasis[lang] },
          ...(v.addedBy
            ? [
                {
                  key: 'added',
                  label: t('rules.addedBy'),
                  children: `${v.addedBy}, ${formatDateTime(v.addedAt)}${v.reason ? ` — ${v.reason}` : ''}`,
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}

/** Where the detector's 400 points in the form: `effectiveFrom`, `params.<name>`, `unitId`. */
function formField(field: string | undefined): (string | number)[] | undefined {
  if (!field) return undefined;
  if (field === 'effectiveFrom' || field === 'unitId' || field === 'reason' || field === 'severity') return [field];
  if (field.startsWith('params.')) return ['params', field.slice('params.'.length)];
  return undefined;
}

type Fields = Omit<VersionForm, 'effectiveFrom'> & { effectiveFrom?: Dayjs };

function AddVersionDialog({
  rule,
  today,
  root,
  onClose,
}: {
  rule: RuleEntry;
  today: string;
  root: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const name = t(`rules.names.${rule.ruleId}`, { defaultValue: rule.ruleId });

  async function submit(values: Fields) {
    setBusy(true);
    setError(undefined);
    try {
      const body = versionBody(
        { ...values, effectiveFrom: values.effectiveFrom?.format('YYYY-MM-DD') ?? '' },
        rule.params,
      );
      const added = data(
        await detector.POST('/api/rules/{ruleId}/versions', { params: { path: { ruleId: rule.ruleId } }, body }),
      );
      await queries.invalidateQueries({ queryKey: RULES });
      message.success(t('rules.added', { n: added.version, date: formatDate(added.effectiveFrom) }));
      onClose();
    } catch (err) {
      setError(err);
      const path = err instanceof ApiError ? formField(err.body.field) : undefined;
      if (path) form.setFields([{ name: path as never, errors: [t('rules.seeAbove')] }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('rules.addTitle', { rule: name })}
      okText={t('rules.add')}
      cancelText={t('common:cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary">{t('rules.addIntro')}</Typography.Paragraph>
      {error ? <ErrorAlert error={error} /> : null}
      <Form<Fields>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ params: startingParams(rule) }}
        aria-label={t('rules.addTitle', { rule: name })}
      >
        <Form.Item
          name="effectiveFrom"
          label={t('rules.effectiveFrom')}
          extra={t('rules.effectiveFromHelp', { date: formatDate(today) })}
          rules={[{ required: true, message: t('common:required') }]}
        >
          <DatePicker
            format="DD/MM/YYYY"
            placeholder="dd/mm/yyyy"
            disabledDate={(d) => d.format('YYYY-MM-DD') <= today}
          />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('rules.unit')}
          extra={root ? t('rules.unitHelp') : t('rules.unitRequired')}
          rules={root ? [] : [{ required: true, message: t('common:required') }]}
        >
          <UnitSelect allowClear={root} style={{ maxWidth: 360 }} />
        </Form.Item>
        {rule.params.length === 0 ? <Typography.Paragraph>{t('rules.noThresholds')}</Typography.Paragraph> : null}
        {rule.params.map((p) => (
          <Form.Item
            key={p.name}
            name={['params', p.name]}
            label={t(`rules.params.${p.name}`, { defaultValue: p.name })}
            extra={t(`rules.kinds.${p.kind}`)}
            rules={[{ required: true, message: t('common:required') }]}
          >
            <InputNumber
              min={p.min}
              max={p.max}
              step={stepOf(p)}
              precision={p.integer ? 0 : 2}
              style={{ width: 220 }}
            />
          </Form.Item>
        ))}
        <Form.Item name="severity" label={t('rules.severity')} extra={t('rules.keepPrevious')}>
          <Select
            allowClear
            style={{ maxWidth: 240 }}
            options={SEVERITIES.map((s) => ({ value: s, label: t(`inspector:sev.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="legalBasisVi" label={t('rules.legalBasisVi')} extra={t('rules.keepPrevious')}>
          <Input maxLength={1000} />
        </Form.Item>
        <Form.Item name="legalBasisEn" label={t('rules.legalBasisEn')}>
          <Input maxLength={1000} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('common:reason')}
          rules={[{ required: true, whitespace: true, message: t('common:required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
