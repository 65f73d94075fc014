/**
 * ECharts, cut down to what the dashboard draws (line and bar charts on a grid, with tooltip, legend and target
 * lines), on the canvas renderer: the SVG renderer writes `style` attributes, which the page's CSP refuses. Loaded
 * only when a chart is first shown, so the overview does not wait for it.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  AriaComponent,
  CanvasRenderer,
]);

export { init };
