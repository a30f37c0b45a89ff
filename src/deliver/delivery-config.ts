import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

const syslogTarget = z.object({
  kind: z.literal('syslog'),
  url: z
    .string()
    .regex(/^(udp|tcp|tls):\/\/[^/]+$/, 'expected udp://host:port, tcp://host:port or tls://host:port'),
  format: z.enum(['rfc5424', 'cef']).default('rfc5424'),
  /** PEM file of the collector's CA, relative to the delivery file. */
  ca: z.string().optional(),
  serverName: z.string().optional(),
});

const ecsTarget = z.object({
  kind: z.literal('ecs'),
  /** A file of JSON lines a log shipper tails, relative to the delivery file. */
  path: z.string().min(1),
});

const webhookTarget = z.object({
  kind: z.literal('webhook'),
  url: z
    .string()
    .url()
    .regex(/^https?:\/\//, 'expected an http:// or https:// address'),
  /** The environment variable holding the signing secret: secrets stay out of files and logs. */
  secretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected the name of an environment variable'),
  retryDelaysMs: z.array(z.number().int().min(0).max(600_000)).max(10).optional(),
});

const deliveryFile = z.object({
  /** The HOSTNAME syslog messages carry (default: this machine's name). */
  hostname: z.string().min(1).max(255).optional(),
  /** The private enterprise number in the structured-data id (default 32473, the documentation one). */
  enterpriseNumber: z.number().int().positive().optional(),
  targets: z.array(z.discriminatedUnion('kind', [syslogTarget, ecsTarget, webhookTarget])).min(1),
});

export type DeliveryTarget = z.infer<typeof deliveryFile>['targets'][number];
export type DeliveryConfig = z.infer<typeof deliveryFile> & { path: string };

/**
 * Reads a delivery file (where alerts go: syslog collectors in RFC 5424 or CEF, ECS files,
 * webhooks). Paths in it are relative to the file. Throws naming the file and the field.
 *
 * @example
 * const config = loadDeliveryConfig('deliveries.json');
 */
export function loadDeliveryConfig(path: string): DeliveryConfig {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  const parsed = deliveryFile.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const base = dirname(resolve(path));
  return {
    ...parsed.data,
    path,
    targets: parsed.data.targets.map((target) => {
      if (target.kind === 'ecs') return { ...target, path: resolve(base, target.path) };
      if (target.kind === 'syslog' && target.ca !== undefined)
        return { ...target, ca: resolve(base, target.ca) };
      return target;
    }),
  };
}

/** How a target is named in output and in the failures kept: never with a secret in it. */
export function describeTarget(target: DeliveryTarget): string {
  if (target.kind === 'ecs') return `ecs ${target.path}`;
  if (target.kind === 'syslog') return `syslog ${target.format} ${target.url}`;
  const url = new URL(target.url);
  url.username = '';
  url.password = '';
  url.search = '';
  return `webhook ${url.toString()}`;
}
