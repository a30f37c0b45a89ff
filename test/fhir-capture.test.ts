import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { FhirExchangeObservation } from '../src/dissect/fhir/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import type { DeviceRecord } from '../src/inventory/device-record.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { openStore } from '../src/store/open-store.js';
import { startInNamespace, stopDaemons, waitForListener } from './support/daemons.js';
import { observeCapture } from './support/observe-capture.js';
import { filesUnder, temporaryDirectory } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun = toolsAvailable('tcpdump', 'tshark') && canUseNetworkNamespaces();
const port = 8080;
const serverScript = join(import.meta.dirname, 'support', 'fhir-server.cjs');
const clientScript = join(import.meta.dirname, 'support', 'fhir-client.mjs');

/** An invented patient whose data crosses the network in clear and must never reach the store. */
const patient = { family: 'QUINTERO-VALE', given: 'ISMENE', birthDate: '1961-07-23', mrn: 'MRN-5518-2207' };
const patientValues = Object.values(patient);

/** Every resource type in a parsed FHIR JSON body: the body's own, Bundle entries', contained ones'. */
function resourceTypesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) resourceTypesIn(item, found);
  else if (typeof value === 'object' && value !== null) {
    const { resourceType } = value as { resourceType?: unknown };
    if (typeof resourceType === 'string') found.add(resourceType);
    for (const child of Object.values(value)) resourceTypesIn(child, found);
  }
  return found;
}

/**
 * fhir-kit-client, as a monitor gateway would, reading the CapabilityStatement of a FHIR R4 server
 * built on Asymmetrik's node-fhir-server-core, registering a patient, searching for and reading
 * them, and posting a heart rate, over two keep-alive connections with gzip and chunked bodies.
 */
describe.skipIf(!canRun)('FHIR recorded between fhir-kit-client and a node-fhir-server-core server', () => {
  const directory = temporaryDirectory('vigil-fhir-');
  const capture = join(directory, 'fhir.pcap');
  let hosts: TwoHosts;
  const daemons: ChildProcess[] = [];

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:50:56:05:00:01',
      clientMac: '00:09:fb:05:00:02',
      subnet: '10.105.0',
    });
    daemons.push(
      startInNamespace(hosts.server.namespace, process.execPath, serverScript, hosts.server.ip, String(port)),
    );
    await waitForListener(hosts, port);
    const tcpdump = await startTcpdump(
      ['-i', 'eth0', 'tcp', 'port', String(port)],
      capture,
      hosts.server.namespace,
    );
    hosts.exec(
      hosts.client.namespace,
      process.execPath,
      clientScript,
      `http://${hosts.server.ip}:${port}/4_0_0`,
      patient.family,
      patient.given,
      patient.birthDate,
      patient.mrn,
    );
    await stopTcpdump(tcpdump);
  }, 60_000);

  afterAll(() => {
    stopDaemons(daemons);
    hosts?.remove();
  });

  it('reads interactions, statuses, resource types and server software as tshark decodes the HTTP', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const exchanges = observations
      .filter((o): o is FhirExchangeObservation => o.kind === 'fhir.exchange')
      .sort((a, b) => a.evidence.packetNumber - b.evidence.packetNumber);
    // tshark undoes the chunking and gzip itself; the bodies are parsed here as JSON, not by pattern.
    const requests = tsharkFields(
      capture,
      ['frame.number', 'http.request.method', 'http.request.uri', 'http.file_data'],
      'http.request',
    );
    const responses = new Map(
      tsharkFields(capture, ['http.request_in', 'http.response.code', 'http.file_data'], 'http.response').map(
        ([requestIn, code, body]) => [requestIn, { code, body }],
      ),
    );
    expect(exchanges.map((e) => e.evidence.packetNumber)).toEqual(requests.map(([frame]) => Number(frame)));
    const typesIn = (body: string | undefined) => (body ? [...resourceTypesIn(JSON.parse(body))] : []);
    expect(exchanges.map((e) => [e.statusCode, e.resourceTypes])).toEqual(
      requests.map(([frame, , , requestBody]) => {
        const response = responses.get(frame!)!;
        return [
          Number(response.code),
          [...new Set([...typesIn(requestBody), ...typesIn(response.body)])].sort(),
        ];
      }),
    );
    // What tshark's request lines name, in FHIR's terms (http://hl7.org/fhir/R4/http.html).
    expect(requests.map(([, method, uri]) => `${method} ${uri!.replace(/\?.*/, '?…')}`)).toEqual([
      'GET /4_0_0/metadata',
      'POST /4_0_0/Patient',
      'GET /4_0_0/Patient?…',
      'GET /4_0_0/Patient/1',
      'POST /4_0_0/Observation',
      'GET /4_0_0/Observation?…',
    ]);
    expect(exchanges.map((e) => [e.interaction, e.resourceType])).toEqual([
      ['capabilities', undefined],
      ['create', 'Patient'],
      ['search-type', 'Patient'],
      ['read', 'Patient'],
      ['create', 'Observation'],
      ['search-type', 'Observation'],
    ]);
    const capability = JSON.parse(responses.get(requests[0]![0]!)!.body!) as {
      software: { name: string; version: string };
      fhirVersion: string;
    };
    expect([exchanges[0]!.softwareName, exchanges[0]!.softwareVersion, exchanges[0]!.fhirVersion]).toEqual([
      capability.software.name,
      capability.software.version,
      capability.fhirVersion,
    ]);
    expect(exchanges.map((e) => e.phiNames)).toEqual([
      [],
      ['Patient'],
      ['Patient', 'search:birthdate', 'search:family'],
      ['Patient'],
      ['Observation'],
      ['Observation'],
    ]);
    const text = JSON.stringify(observations);
    for (const value of patientValues) expect(text).not.toContain(value);
  });

  it('stores roles, server software and findings, and no patient value in any table or file', async () => {
    const storeDirectory = temporaryDirectory('vigil-fhir-store-');
    const database = join(storeDirectory, 'vigil.db');
    const store = await openStore(database);
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const server = (await store.devices.find(hosts.server.ip))!;
      const gateway = (await store.devices.find(hosts.client.ip))!;
      const values = (device: typeof server, name: string) =>
        [...new Set(device.attributes.filter((a) => a.name === name).map((a) => a.value))].sort();
      expect(values(server, 'fhir.software')).toEqual(['FHIR Server 1.4.0']);
      expect(values(server, 'fhir.version')).toEqual(['4.0.0']);
      expect(values(server, 'clinical.role')).toEqual(['FHIR server (EHR, clinical data repository)']);
      expect(values(gateway, 'clinical.role')).toEqual([
        'FHIR client',
        'observation source (monitor gateway, lab analyser)',
      ]);
      expect(server.findings.map((f) => f.type).sort()).toEqual(['fhir-no-tls', 'phi-cleartext']);
      // Six requests and six responses; a Patient or Observation body, or an identifying search, in six.
      expect(server.findings.find((f) => f.type === 'phi-cleartext')!.detail).toBe(
        'FHIR: 6 of 12 messages carried Observation, Patient, search:birthdate, search:family',
      );
    } finally {
      await store.close();
    }
    for (const file of filesUnder(storeDirectory)) {
      const bytes = readFileSync(join(storeDirectory, file));
      for (const value of patientValues) {
        expect(bytes.includes(Buffer.from(value, 'latin1'))).toBe(false);
        expect(bytes.includes(Buffer.from(value, 'utf16le'))).toBe(false);
      }
    }
    const listed = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'devices', '--json', '--db', database],
      { encoding: 'utf8' },
    );
    expect(listed.status).toBe(0);
    const devices = JSON.parse(listed.stdout) as DeviceRecord[];
    const server = devices.find((device) => device.ips.includes(hosts.server.ip))!;
    expect(server.protocols).toEqual(expect.arrayContaining(['fhir', 'http']));
    expect(server.roles).toContain('FHIR server (EHR, clinical data repository)');
    for (const value of patientValues) expect(listed.stdout).not.toContain(value);
  });
});
