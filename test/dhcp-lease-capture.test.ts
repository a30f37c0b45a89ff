import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { clinicClients, clinicServerAddress, recordDhcpClinic } from './support/dhcp-clinic.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { canUseNetworkNamespaces, run, toolsAvailable } from './support/tools.js';
import { tsharkConversations, tsharkFields, tsharkPacketCount } from './support/tshark-oracle.js';
import { vigilConversations } from './support/vigil-conversations.js';

const canRun =
  toolsAvailable('tcpdump', 'tshark', 'dnsmasq', 'udhcpc', 'busybox', 'editcap') && canUseNetworkNamespaces();

describe.skipIf(!canRun)('DHCP leases recorded from dnsmasq and udhcpc in network namespaces', () => {
  const directory = temporaryDirectory('vigil-dhcp-');
  const capture = join(directory, 'clinic.pcap');
  const pcapng = join(directory, 'clinic.pcapng');

  beforeAll(async () => {
    await recordDhcpClinic(capture, directory);
    run('editcap', ['-F', 'pcapng', capture, pcapng]);
  }, 120_000);

  for (const file of [capture, pcapng]) {
    it(`finds every client with the MAC, host name and lease tshark sees (${file.endsWith('ng') ? 'pcapng' : 'pcap'})`, async () => {
      const store = await temporarySqliteStore();
      try {
        const summary = await ingestCapture({
          capture: file,
          store,
          config: pipelineConfig(),
          ouiRegistry: OuiRegistry.load(),
        });
        expect(summary.malformed).toBe(0);
        expect(summary.packets).toBe(tsharkPacketCount(file));

        // What tshark reads from the client's own requests: chaddr and option 12.
        const oracle = new Set(
          tsharkFields(file, ['dhcp.hw.mac_addr', 'dhcp.option.hostname'], 'dhcp.option.dhcp == 3').map(
            ([mac, hostname]) => `${mac} ${hostname}`,
          ),
        );
        expect(oracle.size).toBe(clinicClients.length);
        const acks = tsharkFields(file, ['dhcp.hw.mac_addr', 'dhcp.ip.your'], 'dhcp.option.dhcp == 5');

        const devices = await store.devices.list();
        const seen = new Set(
          devices.flatMap((device) => device.hostnames.map((hostname) => `${device.macs[0]} ${hostname}`)),
        );
        expect(seen).toEqual(oracle);
        for (const [mac, leasedIp] of acks) {
          const device = devices.find((candidate) => candidate.macs.includes(mac!))!;
          expect(device.ips).toContain(leasedIp);
          expect(device.protocols).toEqual(['arp', 'dhcp']);
          expect(device.vendor).not.toBeNull();
          const vendorClass = device.attributes.find((attribute) => attribute.name === 'dhcp.vendor-class');
          expect(vendorClass?.value).toBe(clinicClients.find((client) => client.mac === mac)!.vendorClass);
          // udhcpc's option-55 list, as tshark reads it, names busybox's DHCP stack.
          const [requestList] = tsharkFields(
            file,
            ['dhcp.option.request_list_item'],
            `dhcp.hw.mac_addr == ${mac}`,
            ['-E', 'occurrence=a'],
          )[0]!;
          expect(
            device.attributes.find((attribute) => attribute.name === 'dhcp.parameter-request-list')?.value,
          ).toBe(requestList);
          expect(device.attributes.find((attribute) => attribute.name === 'os')?.value).toBe(
            'Linux (busybox udhcpc)',
          );
          const hostname = device.attributes.find((attribute) => attribute.name === 'hostname')!;
          // The evidence points at a packet tshark agrees is a DHCP message from this client.
          const [evidenceMac] = tsharkFields(
            file,
            ['dhcp.hw.mac_addr'],
            `frame.number == ${hostname.evidence.packetNumber} && dhcp`,
          )[0]!;
          expect(evidenceMac).toBe(mac);
        }
        const server = devices.find((device) => device.ips.includes(clinicServerAddress))!;
        expect(server.attributes.find((attribute) => attribute.name === 'role')?.value).toBe('dhcp-server');
        expect(
          server.attributes.find((attribute) => attribute.name === 'mac.locally-administered')?.value,
        ).toBe('true');
        expect(server.vendor).toBeNull();

        expect(vigilConversations(await store.flows.list(10_000), 17)).toEqual(
          tsharkConversations(file, 'udp'),
        );
      } finally {
        await store.close();
      }
    });
  }
});
