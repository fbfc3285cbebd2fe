import type { ReactNode } from 'react';
import { Tag } from 'antd';

/** Tag tones, each text colour at least 7:1 on its pale background. */
const TONES = {
  blue: { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' },
  cyan: { color: '#00474f', background: '#e6fffb', borderColor: '#87e8de' },
  purple: { color: '#391085', background: '#f9f0ff', borderColor: '#d3adf7' },
  geekblue: { color: '#10239e', background: '#f0f5ff', borderColor: '#adc6ff' },
  green: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  volcano: { color: '#871400', background: '#fff2e8', borderColor: '#ffbb96' },
  magenta: { color: '#780650', background: '#fff0f6', borderColor: '#ffadd2' },
  orange: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  red: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
  gold: { color: '#613400', background: '#fffbe6', borderColor: '#ffe58f' },
  plain: { color: 'rgba(0, 0, 0, 0.88)', background: '#fafafa', borderColor: '#d9d9d9' },
} as const;
export type Tone = keyof typeof TONES;

export function ToneTag({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <Tag style={TONES[tone]}>{children}</Tag>;
}
