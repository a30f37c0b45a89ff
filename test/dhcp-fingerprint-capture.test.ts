import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun = toolsAvailable('tcpdump', 'tshark', 'dhclient') && canUseNetworkNamespaces();

/** ISC dhclient looking for a lease (no server answers): its DISCOVERs alone carry the fingerprint. */
describe.skipIf(!canRun)('DHCP option-55 fingerprint of ISC dhclient', () => {
  const directory = temporaryDirectory('vigil-dhcp-fingerprint-');
  const capture = join(directory, 'dhclient.pcap');
  let hosts: TwoHosts;

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:1a:fa:67:00:01',
      clientMac: '00:09:fb:67:00:02',
      subnet: '10.98.0',
    });
    const tcpdump = await startTcpdump(['-i', 'eth0', 'udp', 'port', '67'], capture, hosts.server.namespace);
    try {
      hosts.exec(
        hosts.client.namespace,
        'timeout',
        '4',
        'dhclient',
        '-4',
        '-d',
        '-sf',
        '/bin/true',
        '-pf',
        join(directory, 'dhclient.pid'),
        '-lf',
        join(directory, 'dhclient.leases'),
        'eth0',
      );
    } catch {
      // timeout ends dhclient, which never gets an offer.
    }
    await stopTcpdump(tcpdump);
  }, 30_000);

  afterAll(() => hosts?.remove());

  it('recognises the stack from the request list tshark reads', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const [requestList] = tsharkFields(capture, ['dhcp.option.request_list_item'], 'dhcp', [
        '-E',
        'occurrence=a',
      ])[0]!;
      const client = (await store.devices.find(hosts.client.mac))!;
      const value = (name: string) => client.attributes.find((attribute) => attribute.name === name)?.value;
      expect(value('dhcp.parameter-request-list')).toBe(requestList);
      expect(value('os')).toBe('Linux (ISC dhclient)');
    } finally {
      await store.close();
    }
  });
});
