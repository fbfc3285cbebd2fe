import ReactEChartsCore from 'echarts-for-react/lib/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only the parts the dashboard draws: the whole of echarts is several times larger.
echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export interface ChartProps {
  /** An echarts option (echarts-for-react types it loosely). */
  option: Record<string, unknown>;
  /** What the chart shows, in words: read by screen readers instead of the drawing. */
  label: string;
  height?: number;
}

/**
 * A chart, loaded apart from the page (React.lazy) so that the figures show before the chart
 * library arrives. The drawing is an image to assistive technology, named by `label`; every
 * chart on the dashboard also has a table view of the same figures.
 */
export default function Chart({ option, label, height = 280 }: ChartProps) {
  return (
    <div role="img" aria-label={label}>
      <ReactEChartsCore
        echarts={echarts}
        option={{ aria: { enabled: false }, animation: false, ...option }}
        notMerge
        style={{ height, width: '100%' }}
        opts={{ renderer: 'canvas' }}
      />
    </div>
  );
}
