import type { SensorRow } from '../store/sensor-row.js';

/**
 * `silent` when a sensor has not been heard for two minutes: it sends a heartbeat with every
 * commit (every 5 s by default), so two minutes is many missed beats, not a slow network.
 */
export const sensorSilentAfterMs = 120_000;

export function sensorStatusOf(sensor: Pick<SensorRow, 'lastHeard'>, nowMs: number): 'ok' | 'silent' {
  return nowMs - Date.parse(sensor.lastHeard) > sensorSilentAfterMs ? 'silent' : 'ok';
}
