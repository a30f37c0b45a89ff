import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { HttpRequestObservation, HttpResponseObservation } from '../src/dissect/http/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun = toolsAvailable('tcpdump', 'tshark', 'busybox', 'python3') && canUseNetworkNamespaces();
/**
 * Decode both test ports as HTTP in tshark, whatever its defaults, and report each message at the
 * packet that completes its headers (as Vigil's evidence does), not at the end of its body.
 */
const tsharkHttpOptions = [
  '-d',
  'tcp.port==8080,http',
  '-d',
  'tcp.port==8000,http',
  '-o',
  'http.desegment_body:FALSE',
];

describe.skipIf(!canRun)('HTTP recorded between busybox wget, busybox httpd and python3 http.server', () => {
  const directory = temporaryDirectory('vigil-http-');
  const capture = join(directory, 'http.pcap');
  let hosts: TwoHosts;
  const servers: ChildProcess[] = [];

  beforeAll(async () => {
    hosts = createTwoHosts({ serverMac: '00:09:5c:10:20:30', clientMac: '00:1a:01:aa:00:01' });
    const www = join(directory, 'www');
    mkdirSync(join(www, 'secure'), { recursive: true });
    writeFileSync(join(www, 'index.html'), '<html>ward central station</html>\n');
    writeFileSync(join(www, 'secure', 'index.html'), '<html>service menu</html>\n');
    writeFileSync(join(directory, 'httpd.conf'), '/secure:service:pumpservice\n');
    const inServer = (...args: string[]) =>
      spawn('ip', ['netns', 'exec', hosts.server.namespace, ...args], { stdio: 'ignore' });
    servers.push(
      inServer('busybox', 'httpd', '-f', '-p', '8080', '-h', www, '-c', join(directory, 'httpd.conf')),
    );
    servers.push(
      inServer('python3', '-m', 'http.server', '8000', '--bind', hosts.server.ip, '--directory', www),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const tcpdump = await startTcpdump(['-i', 'eth0'], capture, hosts.server.namespace);
    const wget = (userAgent: string, url: string) => {
      try {
        hosts.exec(hosts.client.namespace, 'busybox', 'wget', '-q', '-O', '/dev/null', '-U', userAgent, url);
      } catch {
        // A 401 makes wget fail; the exchange is what the test needs.
      }
    };
    wget('Infusomat-Space/3.2', `http://${hosts.server.ip}:8080/`);
    wget('Infusomat-Space/3.2', `http://${hosts.server.ip}:8080/secure/`);
    wget('Infusomat-Space/3.2', `http://service:pumpservice@${hosts.server.ip}:8080/secure/`);
    wget('IntelliVue-Gateway/1.4', `http://${hosts.server.ip}:8000/index.html`);
    await stopTcpdump(tcpdump);
  }, 60_000);

  afterAll(() => {
    for (const server of servers) server.kill();
    hosts?.remove();
  });

  it('reads each request and response with the fields tshark reads', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.internalErrors).toBe(0);

    const requests = observations.filter((o): o is HttpRequestObservation => o.kind === 'http.request');
    expect(
      requests.map((request) => [
        request.evidence.packetNumber,
        request.client.ip,
        request.method,
        request.host,
        request.userAgent,
        request.hasBasicAuthorization,
      ]),
    ).toEqual(
      tsharkHttp(
        [
          'frame.number',
          'ip.src',
          'http.request.method',
          'http.host',
          'http.user_agent',
          'http.authorization',
        ],
        'http.request',
      ).map(([frame, ip, method, host, userAgent, authorization]) => [
        Number(frame),
        ip,
        method,
        host || undefined,
        userAgent || undefined,
        /^basic /i.test(authorization ?? ''),
      ]),
    );
    expect(requests).toHaveLength(4);

    const responses = observations.filter((o): o is HttpResponseObservation => o.kind === 'http.response');
    const oracleResponses = tsharkHttp(
      ['frame.number', 'ip.src', 'http.response.code', 'http.server', 'http.www_authenticate'],
      'http.response',
    );
    expect(
      responses.map((response) => [
        response.evidence.packetNumber,
        response.server.ip,
        response.statusCode,
        response.serverSoftware,
        response.isBasicAuthenticationRequested,
      ]),
    ).toEqual(
      oracleResponses.map(([frame, ip, code, server, authenticate]) => [
        Number(frame),
        ip,
        Number(code),
        server || undefined,
        /basic/i.test(authenticate ?? ''),
      ]),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([200, 401, 200, 200]);
  });

  it('gives the server its software and a cleartext-credentials finding, and the client its user agent', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const server = (await store.devices.find(hosts.server.mac))!;
      const client = (await store.devices.find(hosts.client.mac))!;
      expect(server.ips).toContain(hosts.server.ip);
      expect(server.protocols).toContain('http');
      const serverSoftware = server.attributes
        .filter((attribute) => attribute.name === 'http.server')
        .map((attribute) => attribute.value);
      expect(serverSoftware).toEqual([
        ...new Set(tsharkHttp(['http.server'], 'http.server').map(([value]) => value)),
      ]);
      expect(server.findings.map((finding) => [finding.type, finding.severity])).toEqual([
        ['cleartext-credentials', 'high'],
      ]);
      const [firstChallenge] = tsharkHttp(['frame.number'], 'http.www_authenticate')[0]!;
      expect(server.findings[0]!.evidence.packetNumber).toBe(Number(firstChallenge));
      const userAgents = client.attributes
        .filter((attribute) => attribute.name === 'http.user-agent')
        .map((attribute) => attribute.value)
        .sort();
      expect(userAgents).toEqual(['Infusomat-Space/3.2', 'IntelliVue-Gateway/1.4']);
      expect(client.findings).toEqual([]);
    } finally {
      await store.close();
    }
  });

  function tsharkHttp(fields: string[], filter: string): string[][] {
    return tsharkFields(capture, fields, filter, tsharkHttpOptions);
  }
});
