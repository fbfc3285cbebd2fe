import type { ReactNode } from 'react';
import { ConfigProvider, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Ant Design's secondary and description text (45 % black, 3.4:1) and its link blue (#1677ff,
 * 4.1:1) fall short of AA contrast on white; these pages darken them (7:1 and 6.2:1). The
 * console's theme (App.tsx) is the better place for this, for every page.
 */
const TOKENS = {
  colorTextSecondary: '#595959',
  colorTextTertiary: '#595959',
  colorTextDescription: '#595959',
  colorLink: '#0958d9',
  colorLinkHover: '#003eb3',
  colorLinkActive: '#002c8c',
};

export function AccessibleTheme({ children }: { children: ReactNode }) {
  return <ConfigProvider theme={{ token: TOKENS }}>{children}</ConfigProvider>;
}

/** Tag colours with AA contrast (Ant Design's green preset is 3.3:1). */
export const TAG_STYLE = {
  reached: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  short: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
} as const;

/**
 * Severity tags with AA contrast: Ant Design's volcano and gold presets, which ui/tags.tsx uses,
 * are 3.1:1 and 2.6:1 on their backgrounds.
 */
const SEVERITY_STYLE: Record<string, { color: string; background: string; borderColor: string }> = {
  critical: { color: '#780650', background: '#fff0f6', borderColor: '#ffadd2' },
  high: { color: '#871400', background: '#fff2e8', borderColor: '#ffbb96' },
  medium: { color: '#613400', background: '#fffbe6', borderColor: '#ffe58f' },
  low: { color: '#002c8c', background: '#f0f5ff', borderColor: '#adc6ff' },
};

export function SeverityTag({ severity }: { severity: string }) {
  const { t } = useTranslation('inspector');
  return <Tag style={SEVERITY_STYLE[severity]}>{t(`sev.${severity}`, { defaultValue: severity })}</Tag>;
}

/** A finding's status in the default tag (dark text on light grey). */
export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation('inspector');
  return <Tag>{t(`st.${status}`, { defaultValue: status })}</Tag>;
}
