import { arpDissector } from './arp/index.js';
import { dhcpDissector } from './dhcp/index.js';
import type { Dissector } from './dissector.js';

/** Every dissector Vigil runs, in the order they are tried. Adding a protocol adds one line here. */
export const dissectors: readonly Dissector[] = [arpDissector, dhcpDissector];
