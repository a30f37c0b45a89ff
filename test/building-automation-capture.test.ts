import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { BacnetMessageObservation } from '../src/dissect/bacnet/observation.js';
import type { ModbusMessageObservation } from '../src/dissect/modbus/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { startInNamespace, stopDaemons, waitForListener } from './support/daemons.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import {
  canUseNetworkNamespaces,
  startTcpdump,
  stopTcpdump,
  systemPython,
  systemPythonHas,
  toolsAvailable,
} from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun =
  toolsAvailable('tcpdump', 'tshark', 'mbpoll') &&
  canUseNetworkNamespaces() &&
  systemPythonHas('pymodbus.server', 'python3-pymodbus');
const bacnetPeer = join(import.meta.dirname, 'support', 'bacnet-peer.mjs');
const deviceInstance = 260_001;
/** ASHRAE vendor identifier 5, Johnson Controls. */
const vendorId = 5;

/** A Modbus/TCP controller (pymodbus) polled and written by mbpoll; a BACnet device found by Who-Is. */
describe.skipIf(!canRun)(
  'Modbus/TCP and BACnet/IP recorded between pymodbus/mbpoll and @bacnet-js/client',
  () => {
    const directory = temporaryDirectory('vigil-building-');
    const capture = join(directory, 'building.pcap');
    let hosts: TwoHosts;
    const daemons: ChildProcess[] = [];

    beforeAll(async () => {
      hosts = createTwoHosts({
        serverMac: '00:0b:ab:50:00:01',
        clientMac: '00:1a:fa:50:00:02',
        subnet: '10.97.0',
      });
      const server = hosts.server.namespace;
      const modbusServer = join(directory, 'modbus-server.py');
      writeFileSync(
        modbusServer,
        [
          'import sys',
          'from pymodbus.server import StartTcpServer',
          'from pymodbus.datastore import ModbusSequentialDataBlock, ModbusSlaveContext, ModbusServerContext',
          'store = ModbusSlaveContext(hr=ModbusSequentialDataBlock(0, [21] * 100), ir=ModbusSequentialDataBlock(0, [7] * 100))',
          'StartTcpServer(context=ModbusServerContext(slaves=store, single=True), address=(sys.argv[1], 502))',
          '',
        ].join('\n'),
      );
      const broadcast = '10.97.0.255';
      daemons.push(
        startInNamespace(server, systemPython, modbusServer, hosts.server.ip),
        startInNamespace(
          server,
          process.execPath,
          bacnetPeer,
          'device',
          broadcast,
          String(deviceInstance),
          String(vendorId),
        ),
      );
      await waitForListener(hosts, 502);
      await waitForListener(hosts, 47808, 'udp');
      const tcpdump = await startTcpdump(['-i', 'eth0', 'tcp port 502 or udp port 47808'], capture, server);
      const mbpoll = (...args: string[]) =>
        hosts.exec(hosts.client.namespace, 'mbpoll', '-m', 'tcp', '-a', '1', '-1', ...args, hosts.server.ip);
      mbpoll('-r', '1', '-c', '4');
      mbpoll('-t', '3', '-r', '1', '-c', '2');
      hosts.exec(hosts.client.namespace, 'mbpoll', '-m', 'tcp', '-a', '1', '-r', '10', hosts.server.ip, '42');
      hosts.exec(hosts.client.namespace, process.execPath, bacnetPeer, 'client', broadcast);
      await stopTcpdump(tcpdump);
    }, 60_000);

    afterAll(() => {
      stopDaemons(daemons);
      hosts?.remove();
    });

    it('reads Modbus units and function codes as tshark does', async () => {
      const { observations, pipeline } = await observeCapture(capture);
      expect(pipeline.dissectCounters.malformed).toBe(0);
      const messages = observations.filter((o): o is ModbusMessageObservation => o.kind === 'modbus.message');
      const oracle = tsharkFields(capture, ['mbtcp.unit_id', 'modbus.func_code'], 'mbtcp');
      // Each connection here makes one request, so Vigil's once-per-connection report meets every message.
      expect(messages.map((m) => [String(m.unitId), String(m.functionCode)])).toEqual(oracle);
      expect(messages.filter((m) => m.isWrite && m.isRequest).map((m) => m.functionName)).toEqual([
        'write-single-register',
      ]);
    });

    it('reads BACnet services and the I-Am device identity as tshark does', async () => {
      const { observations } = await observeCapture(capture);
      const messages = observations.filter((o): o is BacnetMessageObservation => o.kind === 'bacnet.message');
      const oracle = tsharkFields(
        capture,
        ['bacapp.unconfirmed_service', 'bacapp.instance_number', 'bacapp.vendor_identifier'],
        'bacapp',
      );
      const serviceByCode: Record<string, string> = { '0': 'i-am', '8': 'who-is' };
      expect(messages.map((m) => [m.service, m.deviceInstance, m.vendorId])).toEqual(
        oracle.map(([service, instance, vendor]) => [
          serviceByCode[service!],
          instance === '' ? undefined : Number(instance),
          vendor === '' ? undefined : Number(vendor),
        ]),
      );
      expect(messages.some((m) => m.deviceInstance === deviceInstance)).toBe(true);
    });

    it('gives the controller its roles and identity', async () => {
      const store = await temporarySqliteStore();
      try {
        await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
        const server = (await store.devices.find(hosts.server.ip))!;
        const values = (name: string) =>
          server.attributes
            .filter((a) => a.name === name)
            .map((a) => a.value)
            .sort();
        expect(values('role')).toEqual(['bacnet-device', 'modbus-server']);
        expect(values('bacnet.device-instance')).toEqual([String(deviceInstance)]);
        expect(values('bacnet.vendor-id')).toEqual([String(vendorId)]);
        expect(server.protocols).toEqual(expect.arrayContaining(['modbus', 'bacnet']));
        const client = (await store.devices.find(hosts.client.ip))!;
        expect(client.attributes.filter((a) => a.name === 'role').map((a) => a.value)).toEqual([
          'modbus-writer',
        ]);
      } finally {
        await store.close();
      }
    });
  },
);
