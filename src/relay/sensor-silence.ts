import type { Detection } from '../detect/detection.js';
import type { SensorRow } from '../store/sensor-row.js';

/** The alert type of a sensor gone silent; the sensor's id (`site/name`) is its key. */
export const sensorSilentType = 'sensor-silent';

/**
 * A sensor is silent when it has not been heard for two minutes: it sends a heartbeat with every
 * commit (every 5 s by default), so two minutes is many missed beats, not a slow network.
 */
export const sensorSilentAfterMs = 120_000;

export function sensorStatusOf(
  sensor: Pick<SensorRow, 'lastHeard'>,
  nowMs: number,
  silentAfterMs = sensorSilentAfterMs,
): 'ok' | 'silent' {
  return nowMs - Date.parse(sensor.lastHeard) > silentAfterMs ? 'silent' : 'ok';
}

/**
 * An alert for every sensor silent now whose silence has not been reported yet: `reportedUpTo`
 * gives, per sensor, when its alert was last seen (a silence is new when the sensor was heard
 * after that). A silent sensor means a network no one watches: an attacker who cuts a SPAN port
 * or a sensor's uplink blinds the monitoring before acting (ATT&CK for ICS T0815, Denial of View).
 */
export function silentSensorDetections(
  sensors: readonly SensorRow[],
  reportedUpTo: ReadonlyMap<string, number>,
  nowMs: number,
  silentAfterMs = sensorSilentAfterMs,
): Detection[] {
  const detections: Detection[] = [];
  for (const sensor of sensors) {
    if (sensorStatusOf(sensor, nowMs, silentAfterMs) !== 'silent') continue;
    const lastHeardMs = Date.parse(sensor.lastHeard);
    if ((reportedUpTo.get(sensor.id) ?? Number.NEGATIVE_INFINITY) >= lastHeardMs) continue;
    const silentMinutes = Math.floor((nowMs - lastHeardMs) / 60_000);
    detections.push({
      type: sensorSilentType,
      key: sensor.id,
      severity: 'medium',
      techniques: ['T0815'],
      summary: `Sensor ${sensor.id} has not been heard since ${sensor.lastHeard} (${silentMinutes < 1 ? 'under a minute' : `${silentMinutes} min`} past the ${silentAfterMs / 1000} s allowed): the network it watches is not monitored`,
      remedy:
        'Check that the sensor runs (vigil sensor), that its capture port still mirrors traffic and that it reaches NATS; a sensor cut off on purpose is how an attacker blinds monitoring before acting.',
      sources: [],
      targets: [],
      firstSeenMs: lastHeardMs,
      lastSeenMs: nowMs,
      count: 1,
      evidence: [],
      detail: {
        sensor: [sensor.id],
        site: [sensor.site],
        lastHeard: [sensor.lastHeard],
        lastCommitAt: sensor.health?.lastCommitAt ? [sensor.health.lastCommitAt] : [],
      },
    });
  }
  return detections;
}
