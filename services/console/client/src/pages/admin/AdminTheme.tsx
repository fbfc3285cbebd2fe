import type { ReactNode } from 'react';
import { ConfigProvider } from 'antd';

/**
 * Ant Design's default secondary text (45 % black), link blue (#1677ff), error red (#ff4d4f),
 * empty-table text and the lighter blue of a hovered primary button fall under the 4.5:1
 * contrast WCAG AA asks for small text (axe's color-contrast). These pages use darker ones; the console-wide THEME in App.tsx is where this
 * belongs for every page, and then this wrapper can go.
 */
const AA_TOKENS = {
  colorTextDescription: 'rgba(0, 0, 0, 0.65)',
  colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
  colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
  colorTextDisabled: 'rgba(0, 0, 0, 0.56)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
  colorLink: '#0958d9',
  colorLinkHover: '#003eb3',
  colorPrimaryHover: '#003eb3',
  colorPrimaryActive: '#002c8c',
  colorError: '#cf1322',
  colorErrorHover: '#a8071a',
  colorErrorActive: '#820014',
};

/** Tag colours whose text keeps AA contrast on the pale background Ant Design derives from them. */
export const TAG_COLOUR = { green: '#237804', red: '#a8071a', gold: '#874d00' } as const;

export function AdminTheme({ children }: { children: ReactNode }) {
  return <ConfigProvider theme={{ token: AA_TOKENS }}>{children}</ConfigProvider>;
}
