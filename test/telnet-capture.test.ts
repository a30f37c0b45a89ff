import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import type { TelnetBannerObservation, TelnetLoginObservation } from '../src/dissect/telnet/observation.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { observeCapture } from './support/observe-capture.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { canUseNetworkNamespaces, startTcpdump, stopTcpdump, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { createTwoHosts, type TwoHosts } from './support/two-hosts.js';

const canRun =
  toolsAvailable('tcpdump', 'tshark', 'socat', 'telnet', '/usr/sbin/telnetd') && canUseNetworkNamespaces();
const password = 'Pump-Secret-9';

/**
 * inetutils telnetd (Debian's telnetd package), started per connection by socat as inetd would,
 * with login(1) behind it, and the telnet client typing a user name and a wrong password, as a
 * service engineer would.
 */
describe.skipIf(!canRun)('telnet login recorded between inetutils telnetd and the telnet client', () => {
  const directory = temporaryDirectory('vigil-telnet-');
  const capture = join(directory, 'telnet.pcap');
  let hosts: TwoHosts;
  let server: ChildProcess;

  beforeAll(async () => {
    hosts = createTwoHosts({
      serverMac: '00:60:35:23:00:01',
      clientMac: '00:1a:fa:23:00:02',
      subnet: '10.95.0',
    });
    server = spawn(
      'ip',
      [
        'netns',
        'exec',
        hosts.server.namespace,
        'socat',
        'TCP-LISTEN:23,reuseaddr,fork',
        'EXEC:/usr/sbin/telnetd,nofork',
      ],
      { stdio: 'ignore' },
    );
    const tcpdump = await startTcpdump(['-i', 'eth0', 'tcp', 'port', '23'], capture, hosts.server.namespace);
    // The telnet client types each answer once the server's prompt has arrived, as a person would.
    await typeAtPrompts(hosts, [
      ['login:', 'biomed\r\n'],
      ['Password:', `${password}\r\n`],
      ['Login incorrect', undefined],
    ]);
    await stopTcpdump(tcpdump);
  }, 60_000);

  afterAll(() => {
    server?.kill('SIGKILL');
    hosts?.remove();
  });

  it('reads the banner, prompt and login as tshark shows them, and never the password', async () => {
    const { observations, pipeline } = await observeCapture(capture);
    expect(pipeline.dissectCounters.malformed).toBe(0);
    const banner = observations.find((o): o is TelnetBannerObservation => o.kind === 'telnet.banner')!;
    const login = observations.find((o): o is TelnetLoginObservation => o.kind === 'telnet.login')!;
    const textOf = (source: string) =>
      tsharkFields(capture, ['telnet.data'], `telnet.data && ip.src == ${source}`, ['-E', 'occurrence=a'])
        .map(([data]) => data!.replaceAll('\\r', '\r').replaceAll('\\n', '\n').replaceAll(',', ''))
        .join('');
    const serverText = textOf(hosts.server.ip);
    const clientLines = textOf(hosts.client.ip).split('\r\n');
    const serverLines = serverText.split('\r\n').map((line) => line.trim());
    // The prompt has no line end: the echoed user name follows it on the same line.
    const promptAt = serverLines.findIndex((line) => line.includes('login:'));
    const prompt = serverLines[promptAt]!.slice(
      0,
      serverLines[promptAt]!.indexOf('login:') + 'login:'.length,
    );
    expect(banner.loginPrompt).toBe(prompt);
    expect(banner.promptHostname).toBe(prompt.split(' ')[0]);
    expect(banner.banner).toBe(
      serverLines
        .slice(0, promptAt)
        .filter((line) => line !== '')
        .join(' | '),
    );
    expect(login.username).toBe(clientLines[0]);
    expect(login.username).toBe('biomed');
    expect(login.isPasswordSent).toBe(clientLines[1] === password);
    expect(login.isAccepted).toBe(!serverText.includes('Login incorrect'));
    expect(login.isAccepted).toBe(false);
    expect(JSON.stringify(observations)).not.toContain(password);
  });

  it('raises telnet-service and cleartext-credentials on the server', async () => {
    const store = await temporarySqliteStore();
    try {
      await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
      const device = (await store.devices.find(hosts.server.ip))!;
      expect(device.findings.map((finding) => finding.type).sort()).toEqual([
        'cleartext-credentials',
        'telnet-service',
      ]);
      expect(device.protocols).toContain('telnet');
      expect(device.attributes.filter((a) => a.name === 'os' && a.source === 'telnet.banner')).toHaveLength(
        1,
      );
      expect(JSON.stringify(await store.devices.list())).not.toContain(password);
    } finally {
      await store.close();
    }
  });
});

/**
 * Runs the telnet client in the client namespace and answers each prompt in turn: waits until
 * the server's output shows the prompt, then types the answer (none ends the session).
 */
async function typeAtPrompts(hosts: TwoHosts, steps: [string, string | undefined][]): Promise<void> {
  const client = spawn('ip', ['netns', 'exec', hosts.client.namespace, 'telnet', hosts.server.ip, '23'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const exited = once(client, 'exit');
  let output = '';
  let step = 0;
  const timer = setTimeout(() => client.kill(), 30_000);
  client.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString('latin1');
    while (step < steps.length && output.includes(steps[step]![0])) {
      output = output.slice(output.indexOf(steps[step]![0]) + steps[step]![0].length);
      const answer = steps[step]![1];
      step += 1;
      if (answer === undefined) client.kill();
      else client.stdin!.write(answer);
    }
  });
  await exited;
  clearTimeout(timer);
  if (step < steps.length) throw new Error(`telnet session stopped before "${steps[step]![0]}"`);
}
