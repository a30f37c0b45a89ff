import type { DeliveryConfig } from '../deliver/delivery-config.js';
import type { Alert } from '../detect/alert.js';
import type { Store } from '../store/open-store.js';

export const deliverOptionDescription =
  'send the alerts to the collectors of a delivery file (syslog RFC 5424 or CEF over UDP, TCP or TLS; ECS JSON lines; signed webhooks)';

/** Exit code when some collector did not get its alerts after retries: they are kept in the store. */
export const exitCodeDeliveryFailed = 3;

/** Reads the delivery file before any work, so a mistake in it costs nothing. */
export async function loadDeliveryOption(path: string | undefined): Promise<DeliveryConfig | undefined> {
  if (path === undefined) return undefined;
  return (await import('../deliver/delivery-config.js')).loadDeliveryConfig(path);
}

/** Delivers and says, per collector, what happened; a failure sets the exit code. */
export async function deliverAndReport(
  store: Store,
  config: DeliveryConfig | undefined,
  alerts: readonly Alert[],
): Promise<void> {
  if (config === undefined || alerts.length === 0) return;
  const { deliverAlerts } = await import('../deliver/deliver-alerts.js');
  for (const outcome of await deliverAlerts(store, config, alerts)) {
    if (outcome.delivered)
      process.stderr.write(`vigil: ${outcome.alerts} alerts delivered to ${outcome.target}\n`);
    else {
      process.stderr.write(
        `vigil: ${outcome.alerts} alerts not delivered to ${outcome.target} after ${outcome.attempts} attempts: ${outcome.error} (kept in the store as a delivery failure)\n`,
      );
      process.exitCode = exitCodeDeliveryFailed;
    }
  }
}
