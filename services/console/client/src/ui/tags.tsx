import type { ReactNode } from 'react';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { slaState } from '../lib/sla';
import { formatDate } from '../lib/format';

/** A tag's text and background, chosen for at least 4.5:1 contrast (WCAG AA); Ant Design's preset tags fall short. */
interface Tone {
  color: string;
  background: string;
}
const TONES = {
  red: { color: '#a8071a', background: '#fff1f0' },
  orange: { color: '#873800', background: '#fff7e6' },
  gold: { color: '#614700', background: '#fffbe6' },
  blue: { color: '#003eb3', background: '#e6f4ff' },
  cyan: { color: '#00474f', background: '#e6fffb' },
  purple: { color: '#391085', background: '#f9f0ff' },
  green: { color: '#135200', background: '#f6ffed' },
  grey: { color: '#262626', background: '#f5f5f5' },
} satisfies Record<string, Tone>;
type ToneName = keyof typeof TONES;

export function ToneTag({ tone, children }: { tone: ToneName; children: ReactNode }) {
  const t = TONES[tone];
  return <Tag style={{ color: t.color, background: t.background, borderColor: t.color }}>{children}</Tag>;
}

const SEVERITY_TONE: Record<string, ToneName> = { critical: 'red', high: 'orange', medium: 'gold', low: 'blue' };
const STATUS_TONE: Record<string, ToneName> = {
  open: 'blue',
  triaged: 'cyan',
  under_inspection: 'purple',
  concluded: 'green',
  referred: 'orange',
  dismissed: 'grey',
  closed: 'grey',
};

export function SeverityTag({ severity }: { severity: string }) {
  const { t } = useTranslation('inspector');
  return <ToneTag tone={SEVERITY_TONE[severity] ?? 'grey'}>{t(`sev.${severity}`, { defaultValue: severity })}</ToneTag>;
}

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation('inspector');
  return <ToneTag tone={STATUS_TONE[status] ?? 'grey'}>{t(`st.${status}`, { defaultValue: status })}</ToneTag>;
}

/** The due date and the working days left (or overdue). */
export function SlaTag({ dueAt, now = new Date() }: { dueAt: string | undefined; now?: Date }) {
  const { t } = useTranslation('inspector');
  const s = slaState(dueAt, now);
  if (s.kind === 'none') return <span>—</span>;
  const due = formatDate(dueAt);
  if (s.kind === 'today') return <ToneTag tone="orange">{`${due} · ${t('dueToday')}`}</ToneTag>;
  if (s.kind === 'overdue')
    return <ToneTag tone="red">{`${due} · ${t('overdueBy', { count: s.workingDays })}`}</ToneTag>;
  return (
    <ToneTag
      tone={s.workingDays <= 1 ? 'orange' : 'grey'}
    >{`${due} · ${t('workingDaysLeft', { count: s.workingDays })}`}</ToneTag>
  );
}
