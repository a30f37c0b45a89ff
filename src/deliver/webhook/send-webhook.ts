import { createHmac } from 'node:crypto';

export interface WebhookTarget {
  url: string;
  /** The shared secret signing each body; never logged. */
  secret: string;
  /** Pauses before each retry; the default waits 1, 2, 4 and 8 seconds. */
  retryDelaysMs?: readonly number[] | undefined;
}

export interface WebhookResult {
  delivered: boolean;
  attempts: number;
  /** The last refusal or failure, when not delivered. */
  error: string | null;
}

/** `sha256=<hex>` of the HMAC over the timestamp, a dot and the body: a receiver recomputes it. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * POSTs a JSON body signed with HMAC-SHA256 (`X-Vigil-Signature` over `X-Vigil-Timestamp` and
 * the body, so a replayed old body shows its age), trying again after each refusal (any answer
 * but 2xx) or failure, with growing pauses. Reports the outcome rather than throwing: the caller
 * keeps what could not be delivered.
 */
export async function sendWebhook(
  target: WebhookTarget,
  payload: unknown,
  atMs: () => number = Date.now,
): Promise<WebhookResult> {
  const body = JSON.stringify(payload);
  const delays = target.retryDelaysMs ?? [1_000, 2_000, 4_000, 8_000];
  let error = '';
  for (let attempt = 0; attempt <= delays.length; attempt += 1) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, delays[attempt - 1]));
    const timestamp = String(Math.floor(atMs() / 1000));
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Vigil',
          'x-vigil-timestamp': timestamp,
          'x-vigil-signature': webhookSignature(target.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (response.ok) return { delivered: true, attempts: attempt + 1, error: null };
      error = `HTTP ${response.status} ${response.statusText}`.trim();
    } catch (failure) {
      error = (failure as Error).message;
    }
  }
  return { delivered: false, attempts: delays.length + 1, error };
}
