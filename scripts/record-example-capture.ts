/**
 * Re-records examples/clinic-dhcp.pcapng, the capture the README's quick start ingests: real
 * dnsmasq and udhcpc traffic between network namespaces (see test/support/dhcp-clinic.ts).
 * Needs root, tcpdump, dnsmasq, udhcpc (busybox) and editcap.
 *
 *   npx tsx scripts/record-example-capture.ts
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { recordDhcpClinic } from '../test/support/dhcp-clinic.js';
import { temporaryDirectory } from '../test/support/temporary-store.js';

const directory = temporaryDirectory('vigil-example-');
const pcap = join(directory, 'clinic-dhcp.pcap');
await recordDhcpClinic(pcap, directory);
execFileSync('editcap', ['-F', 'pcapng', pcap, 'examples/clinic-dhcp.pcapng']);
process.stdout.write('wrote examples/clinic-dhcp.pcapng\n');
