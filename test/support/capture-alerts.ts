import { expect } from 'vitest';
import { pipelineConfig } from '../../src/config/defaults.js';
import type { Alert } from '../../src/detect/alert.js';
import { ingestCapture } from '../../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../../src/inventory/oui-registry.js';
import type { Store } from '../../src/store/open-store.js';
import { temporarySqliteStore } from './temporary-store.js';

/** Ingests a recorded capture into a new SQLite store, as `vigil ingest` does, and lists its alerts. */
export async function alertsOfCapture(capture: string): Promise<{ store: Store; alerts: Alert[] }> {
  const store = await temporarySqliteStore();
  await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
  return { store, alerts: await store.alerts.list() };
}

/** The one alert that matches, failing the test (with what was found) when there is none or several. */
export function onlyAlert(alerts: readonly Alert[], what: string, matches: (alert: Alert) => boolean): Alert {
  const found = alerts.filter(matches);
  expect(
    found.map((alert) => alert.summary),
    what,
  ).toHaveLength(1);
  return found[0]!;
}
