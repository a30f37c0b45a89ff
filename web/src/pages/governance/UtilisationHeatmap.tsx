import { useMemo } from 'react';
import type { MaintenanceWindow } from '../../../../src/govern/maintenance/maintenance-windows.js';
import type { Utilisation } from '../../../../src/govern/maintenance/utilisation.js';
import { Chart, type ChartOption } from '../../components/Chart.js';

const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * A device's week: a row per day, a cell per hour, darker the more work (sessions per observed
 * hour); hours never observed are left blank, and the proposed windows are outlined.
 */
export function UtilisationHeatmap({
  utilisation,
  windows,
  label,
}: {
  utilisation: Utilisation;
  windows: MaintenanceWindow[];
  label: string;
}) {
  const option = useMemo<ChartOption>(() => {
    const inWindow = new Set(
      windows.flatMap((window) =>
        Array.from({ length: window.hours }, (_, offset) => (window.startHour + offset) % 168),
      ),
    );
    const data = utilisation.sessions.flatMap((sessions, hour) => {
      const observed = utilisation.observedHours[hour]!;
      if (observed === 0) return [];
      const rate = Math.round((sessions / observed) * 10) / 10;
      return [
        {
          value: [hour % 24, Math.floor(hour / 24), rate],
          itemStyle: inWindow.has(hour)
            ? { borderColor: '#1d4ed8', borderWidth: 2 }
            : { borderColor: '#fff', borderWidth: 1 },
        },
      ];
    });
    const busiest = Math.max(1, ...data.map((item) => item.value[2]!));
    return {
      tooltip: {
        formatter: (point: { value: number[] }) =>
          `${days[point.value[1]!]} ${String(point.value[0]).padStart(2, '0')}:00 — ${point.value[2]} sessions per hour`,
      },
      grid: { left: 48, right: 16, top: 8, bottom: 56 },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, hour) => String(hour)), name: 'hour' },
      yAxis: { type: 'category', data: days, inverse: true },
      visualMap: {
        min: 0,
        max: busiest,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 120,
        inRange: { color: ['#eef5ee', '#f2c14e', '#b3261e'] },
        text: ['busy', 'idle'],
      },
      series: [{ type: 'heatmap', data }],
    };
  }, [utilisation, windows]);
  return <Chart option={option} label={label} height={300} />;
}
