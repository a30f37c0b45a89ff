import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSignature } from '../src/deliver/webhook/send-webhook.js';
import type { Alert } from '../src/detect/alert.js';
import type { Detection } from '../src/detect/detection.js';
import { recordAlerts } from '../src/detect/record-alerts.js';
import type { Store } from '../src/store/open-store.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';
import { selfSignedCertificate, toolsAvailable } from './support/tools.js';
import { vigilOnAsync } from './support/vigil-cli.js';

/** rsyslog's TLS driver (Debian's rsyslog-gnutls), wherever the architecture puts it. */
function hasRsyslogTls(): boolean {
  const found = readdirSync('/usr/lib').some((folder) =>
    existsSync(join('/usr/lib', folder, 'rsyslog', 'lmnsd_gtls.so')),
  );
  if (!found && process.env.CI === 'true') throw new Error('CI needs rsyslog-gnutls (see .ci/run)');
  return found;
}

const canRun = toolsAvailable('/usr/sbin/rsyslogd', 'openssl') && hasRsyslogTls();

function detection(type: string, key: string, summary: string): Detection {
  return {
    type,
    key,
    severity: type === 'address-conflict' ? 'high' : 'medium',
    techniques: type === 'address-conflict' ? ['T0830', 'T1557.002'] : ['T0846', 'T1046'],
    // Characters each format must escape: quotes, brackets, pipes, equals, backslashes.
    summary,
    remedy: 'Find the port on the switch; a=b | c\\d',
    sources: [{ ip: '10.66.0.66', mac: '02:66:00:00:00:66' }],
    targets: [{ ip: '10.66.0.30', mac: '00:0c:29:66:00:30' }],
    firstSeenMs: Date.parse('2026-12-01T10:00:00Z'),
    lastSeenMs: Date.parse('2026-12-01T10:05:00Z'),
    count: 42,
    evidence: [{ capture: 'ward.pcap', packetNumber: 7, fileOffset: 700, note: 'probe' }],
    detail: {},
  };
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * Alerts delivered to Debian's rsyslogd (RFC 5424 and CEF over TCP, TLS and UDP), to a file of
 * ECS documents, and to an HTTP receiver that refuses the first attempt: what arrived is read
 * back as each collector parsed it.
 */
describe.skipIf(!canRun)('alert delivery to rsyslog, an ECS file and a webhook', () => {
  const directory = temporaryDirectory('vigil-deliver-');
  const base = 20_000 + (process.pid % 20_000);
  const ports = { tcp: base, tls: base + 1, udp: base + 2 };
  const received = (name: string) => join(directory, `${name}.log`);
  let rsyslog: ChildProcess;
  let store: Store;
  let alerts: Alert[];
  let webhook: Server;
  const requests: { url: string | undefined; headers: IncomingMessage['headers']; body: string }[] = [];
  let refuseFirst = true;

  beforeAll(async () => {
    const { key, certificate } = selfSignedCertificate(directory, '/CN=localhost');
    const fields = ['inputname', 'syslogseverity', 'app-name', 'msgid', 'structured-data', 'msg']
      .map((name) => `property(name="${name}")`)
      .join(' constant(value="\\t") ');
    const config = [
      `global(workDirectory="${directory}" defaultNetstreamDriverCAFile="${certificate}" defaultNetstreamDriverCertFile="${certificate}" defaultNetstreamDriverKeyFile="${key}")`,
      'module(load="imtcp")',
      'module(load="imudp")',
      `template(name="fields" type="list") { ${fields} constant(value="\\n") }`,
      ...(['tcp', 'tls', 'udp'] as const).map(
        (name) =>
          `ruleset(name="${name}") { action(type="omfile" file="${received(name)}" template="fields") }`,
      ),
      `input(type="imtcp" port="${ports.tcp}" ruleset="tcp")`,
      `input(type="imtcp" port="${ports.tls}" ruleset="tls" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")`,
      `input(type="imudp" port="${ports.udp}" ruleset="udp")`,
    ];
    writeFileSync(join(directory, 'rsyslog.conf'), `${config.join('\n')}\n`);
    rsyslog = spawn(
      '/usr/sbin/rsyslogd',
      ['-n', '-f', join(directory, 'rsyslog.conf'), '-i', join(directory, 'rsyslog.pid')],
      {
        stdio: 'ignore',
      },
    );
    for (const port of [ports.tcp, ports.tls]) {
      const deadline = Date.now() + 10_000;
      while (!(await listening(port))) {
        if (Date.now() > deadline) throw new Error(`rsyslogd is not listening on ${port}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    webhook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        requests.push({ url: request.url, headers: request.headers, body });
        const refuse = refuseFirst || request.url === '/always-down';
        refuseFirst = false;
        response.writeHead(refuse ? 503 : 204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    const webhookPort = (webhook.address() as { port: number }).port;
    writeFileSync(
      join(directory, 'deliveries.json'),
      JSON.stringify({
        hostname: 'vigil-ward-a',
        targets: [
          { kind: 'syslog', url: `tcp://127.0.0.1:${ports.tcp}`, format: 'rfc5424' },
          {
            kind: 'syslog',
            url: `tls://127.0.0.1:${ports.tls}`,
            format: 'cef',
            ca: 'cert.pem',
            serverName: 'localhost',
          },
          { kind: 'syslog', url: `udp://127.0.0.1:${ports.udp}`, format: 'rfc5424' },
          { kind: 'ecs', path: 'alerts.ndjson' },
          {
            kind: 'webhook',
            url: `http://127.0.0.1:${webhookPort}/vigil`,
            secretEnv: 'VIGIL_TEST_WEBHOOK_SECRET',
            retryDelaysMs: [100, 100],
          },
          {
            kind: 'webhook',
            url: `http://127.0.0.1:${webhookPort}/always-down`,
            secretEnv: 'VIGIL_TEST_WEBHOOK_SECRET',
            retryDelaysMs: [50],
          },
        ],
      }),
    );
    store = await temporarySqliteStore();
    await recordAlerts(
      store,
      [
        detection('port-scan', '10.66.0.66', '10.66.0.66 probed 200 ports on "PACS" [ward 3] | a=b'),
        detection(
          'address-conflict',
          '02:66:00:00:00:66',
          '02:66:00:00:00:66 claimed 10.66.0.30 (owner 00:0c:29:66:00:30)',
        ),
      ],
      Date.now(),
      20,
    );
    alerts = await store.alerts.list();
    process.env.VIGIL_TEST_WEBHOOK_SECRET = 'a webhook secret for the test';
  }, 60_000);

  afterAll(async () => {
    rsyslog?.kill('SIGKILL');
    webhook?.close();
    await store?.close();
  });

  it('delivers through vigil alerts --deliver, and keeps what one collector never got', async () => {
    const run = await vigilOnAsync(store.location)('alerts', '--deliver', join(directory, 'deliveries.json'));
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`2 alerts delivered to syslog rfc5424 tcp://127.0.0.1:${ports.tcp}`);
    expect(run.stderr).toMatch(
      /2 alerts not delivered to webhook http:\/\/127\.0\.0\.1:\d+\/always-down after 2 attempts: HTTP 503/,
    );
    expect(run.stderr).not.toContain('a webhook secret');
    const failures = await store.alerts.deliveryFailures();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ attempts: 2, error: 'HTTP 503 Service Unavailable' });
    expect(failures[0]?.alertIds.sort()).toEqual(alerts.map((alert) => alert.id).sort());
  });

  it('rsyslog parses the RFC 5424 messages over TCP and UDP: severity, app, structured data, message', async () => {
    for (const name of ['tcp', 'udp']) {
      await until(
        () => existsSync(received(name)) && readFileSync(received(name), 'utf8').split('\n').length > 2,
        `${name} messages`,
      );
      const lines = readFileSync(received(name), 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split('\t'));
      expect(lines).toHaveLength(2);
      for (const alert of alerts) {
        const line = lines.find((fields) => fields[4]?.includes(alert.id));
        expect(line, `${name} ${alert.type}`).toBeDefined();
        const [input, severity, app, msgid, structured, message] = line!;
        expect(input).toBe(name === 'udp' ? 'imudp' : 'imtcp');
        expect(severity).toBe(alert.severity === 'high' ? '3' : '4');
        expect([app, msgid]).toEqual(['vigil', 'ALERT']);
        expect(structured).toContain(`type="${alert.type}"`);
        expect(structured).toContain('sources="10.66.0.66"');
        expect(structured).toContain(`techniques="${alert.techniques.join(',')}"`);
        expect(message?.replace(/^\uFEFF/, '')).toBe(alert.summary);
      }
    }
  });

  it('rsyslog receives CEF over TLS, escaped as CEF requires', async () => {
    await until(
      () => existsSync(received('tls')) && readFileSync(received('tls'), 'utf8').split('\n').length > 2,
      'TLS messages',
    );
    const messages = readFileSync(received('tls'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('\t')[5]!.replace(/^\uFEFF/, ''));
    const scan = messages.find((message) => message.includes('|port-scan|'))!;
    expect(scan).toMatch(
      /^CEF:0\|Vigil\|Vigil\|\d+\.\d+\.\d+\|port-scan\|10\.66\.0\.66 probed 200 ports on "PACS" \[ward 3\] \\\| a=b\|5\|/,
    );
    expect(scan).toContain('src=10.66.0.66 smac=02:66:00:00:00:66 dst=10.66.0.30');
    expect(scan).toContain('cnt=42');
    expect(scan).toContain('cs1Label=techniques cs1=T0846,T1046');
    expect(scan).toContain('msg=Find the port on the switch; a\\=b | c\\\\d');
  });

  it('writes ECS documents a shipper can read', () => {
    const documents = readFileSync(join(directory, 'alerts.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(documents).toHaveLength(2);
    const conflict = documents.find((document) => document.rule.name === 'address-conflict');
    expect(conflict).toMatchObject({
      event: { kind: 'alert', category: ['intrusion_detection', 'network'], severity: 73 },
      threat: { framework: 'MITRE ATT&CK', technique: { id: ['T0830', 'T1557.002'] } },
      source: { ip: '10.66.0.66', mac: '02-66-00-00-00-66' },
      destination: { ip: '10.66.0.30' },
    });
  });

  it('signs each webhook body, and tries again after a refusal', () => {
    const delivered = requests.filter((request) => request.url === '/vigil');
    expect(delivered).toHaveLength(2);
    // The first attempt was refused (503), the second accepted: the same body, each freshly signed.
    expect(delivered[0]?.body).toBe(delivered[1]?.body);
    for (const request of delivered) {
      const timestamp = String(request.headers['x-vigil-timestamp']);
      expect(request.headers['x-vigil-signature']).toBe(
        webhookSignature('a webhook secret for the test', timestamp, request.body),
      );
      expect(request.headers['x-vigil-signature']).not.toBe(
        webhookSignature('another secret', timestamp, request.body),
      );
    }
    const payload = JSON.parse(delivered[1]!.body) as { alerts: Alert[] };
    expect(payload.alerts.map((alert) => alert.id).sort()).toEqual(alerts.map((alert) => alert.id).sort());
  });
});
