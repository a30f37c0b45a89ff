import { BarChart, HeatmapChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  HeatmapChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * An ECharts chart drawn as SVG (crisp in screenshots and printouts), with a text summary for
 * screen readers since the drawing itself says nothing to them.
 */
export function Chart({
  option,
  label,
  height = 240,
  onSelect,
}: {
  option: ChartOption;
  label: string;
  height?: number;
  /** Called with the name of the bar or slice clicked (to filter the inventory by it). */
  onSelect?: (name: string) => void;
}) {
  const element = useRef<HTMLDivElement>(null);
  const select = useRef(onSelect);
  select.current = onSelect;
  useEffect(() => {
    if (element.current === null) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.setOption(option);
    chart.on('click', (event) => {
      if (typeof event.name === 'string') select.current?.(event.name);
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [option]);
  return (
    <div
      ref={element}
      role="img"
      aria-label={label}
      // Until the chart redraws at a new width (on the window's resize event) the old drawing
      // must not widen the page.
      style={{ height, width: '100%', overflow: 'hidden', cursor: onSelect ? 'pointer' : undefined }}
    />
  );
}

/** Horizontal bars for counts by a label, largest on top. */
export function barsOf(entries: { label: string; count: number; color?: string }[]): ChartOption {
  const ordered = [...entries].reverse();
  return {
    grid: { left: 150, right: 36, top: 8, bottom: 24 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: ordered.map((entry) => entry.label),
      axisLabel: { width: 140, overflow: 'break' },
    },
    series: [
      {
        type: 'bar',
        data: ordered.map((entry) => ({
          value: entry.count,
          itemStyle: entry.color ? { color: entry.color } : undefined,
        })),
        label: { show: true, position: 'right' },
      },
    ],
    animation: false,
  };
}
