import type { EChartsOption } from 'echarts';
import { BarChart, LineChart, PieChart, RadarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, RadarComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import EChartsReactImport from 'echarts-for-react/lib/core';

// echarts-for-react ships CommonJS only: depending on the bundler's interop the component is the
// default import itself or its `default` property.
const ReactEChartsCore =
  (EChartsReactImport as unknown as { default?: typeof EChartsReactImport }).default ?? EChartsReactImport;

// Only the chart types the dashboards draw are bundled.
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  RadarChart,
  GridComponent,
  LegendComponent,
  RadarComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/** An Apache ECharts chart; `onClick` gets the clicked item's name (a drill-down). */
export function Chart({
  option,
  height = 260,
  onClick,
  testId,
}: {
  option: EChartsOption;
  height?: number;
  onClick?: (name: string) => void;
  testId?: string;
}) {
  return (
    <div data-testid={testId}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        style={{ height }}
        onEvents={onClick ? { click: (params: { name: string }) => onClick(params.name) } : undefined}
      />
    </div>
  );
}
