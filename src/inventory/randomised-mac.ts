import type { DeviceDraft } from './device-draft.js';

/**
 * Host names too common to tell one device from another: phones and tablets that send them are
 * not linked across MAC rotations by them.
 */
const genericHostnames = new Set([
  'iphone',
  'ipad',
  'android',
  'localhost',
  'galaxy',
  'pixel',
  'unknown',
  'mobile',
]);

/**
 * The name by which a device with a randomised (locally administered) MAC is recognised after
 * its MAC rotates: the host name its own DHCP client sent, when that is specific enough.
 * Phones rotate MACs per network and over time but keep their host name; two devices naming
 * themselves alike (a generic name, or one too short) are not linked.
 */
export function rotationKeyOf(draft: Pick<DeviceDraft, 'attributes'>): string | undefined {
  const attributes = [...draft.attributes.values()];
  if (!attributes.some((a) => a.name === 'mac.locally-administered' && a.value === 'true')) return undefined;
  const hostname = attributes
    .find((a) => a.name === 'hostname' && a.source === 'dhcp.message')
    ?.value.toLowerCase();
  if (hostname === undefined || hostname.length < 5 || genericHostnames.has(hostname.split(/[-.\s]/, 1)[0]!))
    return undefined;
  return hostname;
}
