import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequestObservation, HttpResponseObservation } from '../src/dissect/http/observation.js';
import { startInNamespace, stopDaemons, waitForListener } from './support/daemons.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun = toolsAvailable('tcpdump', 'tshark', 'curl') && canUseNetworkNamespaces();
const port = 8081;
const server = join(import.meta.dirname, 'support', 'chunked-http-server.mjs');

/** curl fetching three paths over one keep-alive connection from a server whose bodies are chunked. */
describe.skipIf(!canRun)('HTTP with chunked bodies recorded between curl and a Node http server', () => {
  const directory = temporaryDirectory('vigil-http-chunked-');
  const capture = join(directory, 'chunked.pcap');
  let hosts: TwoHosts;
  const daemons: ChildProcess[] = [];

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:1c:c0:81:00:01',
      clientMac: '00:1a:fa:81:00:02',
      subnet: '10.104.0',
    });
    daemons.push(
      startInNamespace(hosts.server.namespace, process.execPath, server, hosts.server.ip, String(port)),
    );
    await waitForListener(hosts, port);
    const tcpdump = await startTcpdump(
      ['-i', 'eth0', 'tcp', 'port', String(port)],
      capture,
      hosts.server.namespace,
    );
    const base = `http://${hosts.server.ip}:${port}`;
    hosts.exec(
      hosts.client.namespace,
      'curl',
      '-s',
      '-o',
      '/dev/null',
      '-o',
      '/dev/null',
      '-o',
      '/dev/null',
      `${base}/a`,
      `${base}/b`,
      `${base}/c`,
    );
    await stopTcpdump(tcpdump);
  }, 60_000);

  afterAll(() => {
    stopDaemons(daemons);
    hosts?.remove();
  });

  it('follows every request and response on the keep-alive connection as tshark does', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const decodeAs = ['-d', `tcp.port==${port},http`];
    const tsharkRequests = tsharkFields(capture, ['tcp.stream', 'http.user_agent'], 'http.request', decodeAs);
    const tsharkResponses = tsharkFields(
      capture,
      ['http.response.code', 'http.server'],
      'http.response',
      decodeAs,
    );
    expect(new Set(tsharkRequests.map(([stream]) => stream)).size).toBe(1);
    const requests = observations.filter((o): o is HttpRequestObservation => o.kind === 'http.request');
    const responses = observations.filter((o): o is HttpResponseObservation => o.kind === 'http.response');
    expect(requests.map((r) => r.userAgent)).toEqual(tsharkRequests.map(([, agent]) => agent));
    expect(responses.map((r) => [String(r.statusCode), r.serverSoftware])).toEqual(tsharkResponses);
    expect(responses).toHaveLength(3);
  });
});
