import { Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format';
import { daysUntil, decisionPending, type ProceedingStatus } from './proceeding-steps';
import { ToneTag, type Tone } from './theme';

const STATUS_TONE: Record<ProceedingStatus, Tone> = {
  opened: 'blue',
  council_formed: 'cyan',
  summoned: 'cyan',
  met: 'purple',
  round_1: 'purple',
  round_2: 'purple',
  recommended: 'geekblue',
  decided: 'green',
  appeal_lodged: 'volcano',
  appeal_resolved: 'green',
  referred_to_investigators: 'magenta',
  closed_time_barred: 'plain',
};

export function ProceedingStatusTag({ status }: { status: ProceedingStatus }) {
  const { t } = useTranslation('committee');
  return <ToneTag tone={STATUS_TONE[status]}>{t(`st.${status}`)}</ToneTag>;
}

/** A choice of a round or a result, in words: a form of discipline, or discipline / no discipline / abstain. */
export function useChoiceLabel(): (choice: string) => string {
  const { t, i18n } = useTranslation('committee');
  return (choice) =>
    i18n.exists(`committee:form.${choice}`) ? t(`form.${choice}`) : t(`choice.${choice}`, { defaultValue: choice });
}

/** The outcome of a recommendation or a decision: "Disciplined — Warning". */
export function useOutcomeText(): (o: { outcome: string; form?: string } | undefined) => string {
  const { t } = useTranslation('committee');
  return (o) =>
    o === undefined
      ? '—'
      : [t(`outcomes.${o.outcome}`, { defaultValue: o.outcome }), o.form ? t(`form.${o.form}`) : undefined]
          .filter(Boolean)
          .join(' — ');
}

/**
 * The day the decision is due, the calendar days left (or overdue) while it is still pending,
 * and whether the time was extended.
 */
export function DecisionDueTag({
  dueOn,
  status,
  extended,
  now = new Date(),
}: {
  dueOn: string;
  status: ProceedingStatus;
  extended: boolean;
  now?: Date;
}) {
  const { t } = useTranslation('committee');
  const due = formatDate(dueOn);
  let tag = <ToneTag tone="plain">{due}</ToneTag>;
  if (decisionPending(status)) {
    const left = daysUntil(dueOn, now);
    if (left.kind === 'today') tag = <ToneTag tone="orange">{`${due} · ${t('dueToday')}`}</ToneTag>;
    else if (left.kind === 'overdue')
      tag = <ToneTag tone="red">{`${due} · ${t('overdueBy', { count: left.days })}`}</ToneTag>;
    else
      tag = (
        <ToneTag
          tone={left.days <= 10 ? 'orange' : 'plain'}
        >{`${due} · ${t('daysLeft', { count: left.days })}`}</ToneTag>
      );
  }
  return (
    <Space size={4} wrap>
      {tag}
      {extended ? <ToneTag tone="gold">{t('extended')}</ToneTag> : null}
    </Space>
  );
}

const SEVERITY_TONE: Record<string, Tone> = { critical: 'magenta', high: 'volcano', medium: 'gold', low: 'blue' };

export function SeverityTag({ severity }: { severity: string }) {
  const { t } = useTranslation('inspector');
  return (
    <ToneTag tone={SEVERITY_TONE[severity] ?? 'plain'}>{t(`sev.${severity}`, { defaultValue: severity })}</ToneTag>
  );
}
