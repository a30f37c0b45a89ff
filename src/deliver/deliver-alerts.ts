import { randomUUID } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Alert } from '../detect/alert.js';
import { projectFile } from '../project-files.js';
import type { Store } from '../store/open-store.js';
import { formatCef } from './cef/format-cef.js';
import { type DeliveryConfig, type DeliveryTarget, describeTarget } from './delivery-config.js';
import { formatEcs } from './ecs/format-ecs.js';
import { formatRfc5424 } from './syslog/format-rfc5424.js';
import { sendSyslog } from './syslog/send-syslog.js';
import { sendWebhook } from './webhook/send-webhook.js';

/** What one target got. */
export interface DeliveryOutcome {
  target: string;
  alerts: number;
  delivered: boolean;
  attempts: number;
  error: string | null;
}

/** The version CEF names: the package's, read once. */
let cefVersion: string | undefined;

async function deliverTo(
  target: DeliveryTarget,
  alerts: readonly Alert[],
  config: DeliveryConfig,
): Promise<{ attempts: number; error: string | null }> {
  if (target.kind === 'ecs') {
    appendFileSync(target.path, alerts.map((alert) => `${JSON.stringify(formatEcs(alert))}\n`).join(''));
    return { attempts: 1, error: null };
  }
  if (target.kind === 'webhook') {
    const secret = process.env[target.secretEnv];
    if (!secret) return { attempts: 0, error: `${target.secretEnv} is not set: no secret to sign with` };
    const result = await sendWebhook(
      { url: target.url, secret, retryDelaysMs: target.retryDelaysMs },
      { source: 'vigil', alerts },
    );
    return { attempts: result.attempts, error: result.error };
  }
  cefVersion ??= (JSON.parse(readFileSync(projectFile('package.json'), 'utf8')) as { version: string })
    .version;
  const host = config.hostname ?? hostname();
  const messages = alerts.map((alert) =>
    formatRfc5424(alert, {
      hostname: host,
      ...(config.enterpriseNumber ? { enterpriseNumber: config.enterpriseNumber } : {}),
      ...(target.format === 'cef' ? { message: formatCef(alert, cefVersion!) } : {}),
    }),
  );
  const ca = target.ca === undefined ? undefined : readFileSync(target.ca);
  const delays = [1_000, 2_000];
  let error = '';
  for (let attempt = 0; attempt <= delays.length; attempt += 1) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, delays[attempt - 1]));
    try {
      await sendSyslog({ url: target.url, ca: target.ca, serverName: target.serverName }, messages, ca);
      return { attempts: attempt + 1, error: null };
    } catch (failure) {
      error = (failure as Error).message;
    }
  }
  return { attempts: delays.length + 1, error };
}

/**
 * Sends alerts to every target of a delivery file. A target that still fails after its retries
 * does not stop the others; what it did not get is kept in the store (`delivery_failures`) with
 * the error, so an alert is never silently lost.
 */
export async function deliverAlerts(
  store: Store,
  config: DeliveryConfig,
  alerts: readonly Alert[],
  atMs: number = Date.now(),
): Promise<DeliveryOutcome[]> {
  if (alerts.length === 0) return [];
  const outcomes: DeliveryOutcome[] = [];
  for (const target of config.targets) {
    let result: { attempts: number; error: string | null };
    try {
      result = await deliverTo(target, alerts, config);
    } catch (failure) {
      result = { attempts: 1, error: (failure as Error).message };
    }
    const name = describeTarget(target);
    if (result.error !== null)
      await store.alerts.recordDeliveryFailure({
        id: randomUUID(),
        target: name,
        alertIds: alerts.map((alert) => alert.id),
        error: result.error,
        attempts: result.attempts,
        at: new Date(atMs).toISOString(),
      });
    outcomes.push({
      target: name,
      alerts: alerts.length,
      delivered: result.error === null,
      attempts: result.attempts,
      error: result.error,
    });
  }
  return outcomes;
}
