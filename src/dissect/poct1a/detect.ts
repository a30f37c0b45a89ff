import type { PacketView } from '../../decode/packet-view.js';

/** A POCT1-A message's root element, e.g. `<HEL.R01>` (POCT1-A2 message type and version). */
export const rootElement = /<([A-Z]{3}(?:\.[A-Z]{3})?\.R0\d)[\s>/]/;

/**
 * POCT1-A on any port (the standard fixes none): a payload that is XML and, within its first
 * bytes, opens a POCT1-A message element.
 */
export function isPoctStart(view: PacketView): boolean {
  if (view.payloadLength < 10 || view.packet.data[view.payloadOffset] !== 0x3c) return false;
  const head = view.packet.data.toString(
    'latin1',
    view.payloadOffset,
    view.payloadOffset + Math.min(view.payloadLength, 256),
  );
  return rootElement.test(head);
}
