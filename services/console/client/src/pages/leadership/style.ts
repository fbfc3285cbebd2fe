import type { CSSProperties } from 'react';

/** Read by screen readers, not shown (the text alternative of what a chart draws). */
export const VISUALLY_HIDDEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clipPath: 'inset(50%)',
  whiteSpace: 'nowrap',
  border: 0,
};

/** A card's title as the page's second-level heading, at the size Ant Design gives card titles. */
export const CARD_HEADING: CSSProperties = { fontSize: 15, fontWeight: 600, margin: 0, lineHeight: 1.5 };

/** Colours with AA contrast on white (4.5:1 and more), from Ant Design's palette. */
export const COLOURS = {
  primary: '#0958d9',
  success: '#237804',
  danger: '#a8071a',
  muted: '#595959',
  target: '#262626',
  series: ['#0958d9', '#d4380d', '#237804', '#722ed1', '#ad6800', '#08979c', '#c41d7f'],
} as const;
/** Tag colours with AA contrast (Ant Design's green preset is 3.3:1). */
export const TAG_STYLE = {
  reached: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  short: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
} as const;
