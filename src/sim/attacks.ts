import { ethernetFrame, ipv4Packet, tcpSegment } from '../decode/encode-frame.js';
import { TcpFlag } from '../decode/packet-view.js';
import { encodeRdpConnectionConfirm, encodeRdpConnectionRequest } from '../dissect/rdp/encode.js';
import {
  encodeSmb2NegotiateRequest,
  encodeSmb2NegotiateResponse,
  encodeSmb2WriteRequest,
  encodeSmb2WriteResponse,
} from '../dissect/smb/encode.js';
import { encodeTelnetLine } from '../dissect/telnet/encode.js';
import { encodeApplicationData, encodeClientHello, encodeServerHello } from '../dissect/tls/encode.js';
import { endpointOf, openConnection, type SimContext, service } from './context.js';
import type { SimDevice } from './hospital.js';
import { TcpConversation } from './packets.js';

export const attackNames = ['scan', 'telnet-bruteforce', 'lateral', 'exfil', 'ransomware-smb'] as const;
export type AttackName = (typeof attackNames)[number];

/** An injected incident as the ground truth records it, for detection work to find. */
export interface Incident {
  type: AttackName;
  attackerMac: string;
  attackerIp: string;
  targets: string[];
  startUs: number;
  endUs: number;
}

const scannedPorts = [21, 22, 23, 80, 104, 443, 445, 2575, 3389, 5900];

function attackerOf(context: SimContext): SimDevice {
  const guests = context.hospital.devices.filter((device) => device.kind.zone === 'guest');
  return guests[0] ?? context.hospital.devices.at(-1)!;
}

/** A TCP SYN scan from a guest device across the ICU: SYNs to ten service ports, RSTs back. */
function scan(context: SimContext, atUs: number): Incident {
  const attacker = attackerOf(context);
  const targets = context.hospital.devices.filter((device) => device.kind.zone === 'icu').slice(0, 64);
  let at = atUs;
  const sourcePort = 40_000 + context.random.below(20_000);
  for (const target of targets)
    for (const port of scannedPorts) {
      const write = (fromAttacker: boolean, flags: number, sequence: number, acknowledgement: number) => {
        const [source, destination] = fromAttacker ? [attacker, target] : [target, attacker];
        const tcp = tcpSegment(
          {
            sourcePort: fromAttacker ? sourcePort : port,
            destinationPort: fromAttacker ? port : sourcePort,
            flags,
            sequence,
            acknowledgement,
            window: 1024,
          },
          source.ip,
          destination.ip,
        );
        at = context.stream.write(
          ethernetFrame(
            { source: source.mac, destination: destination.mac, etherType: 0x0800 },
            ipv4Packet({ source: source.ip, destination: destination.ip, protocol: 6 }, tcp),
          ),
          at + 20,
        );
      };
      const sequence = context.random.below(0xffffffff);
      write(true, TcpFlag.syn, sequence, 0);
      write(false, TcpFlag.rst | TcpFlag.ack, 0, (sequence + 1) >>> 0);
    }
  return {
    type: 'scan',
    attackerMac: attacker.mac,
    attackerIp: attacker.ip,
    targets: targets.map((t) => t.ip),
    startUs: atUs,
    endUs: at,
  };
}

/** Thirty telnet logins with guessed passwords from a guest device against one device offering telnet. */
function telnetBruteforce(context: SimContext, atUs: number): Incident {
  const attacker = attackerOf(context);
  const target =
    context.hospital.devices.find((device) => context.legacy.has(device.index)) ??
    context.hospital.devices.find((device) => device.kind.behaviours.includes('telnet-service'))!;
  let at = atUs;
  for (let attempt = 0; attempt < 30; attempt += 1) {
    const session = openConnection(context, attacker, target, 23, at);
    session.send(false, Buffer.from(`\r\n${target.hostname} login: `));
    session.send(true, encodeTelnetLine(attempt % 2 === 0 ? 'admin' : 'root'));
    session.send(false, Buffer.from('Password: '));
    session.send(true, encodeTelnetLine(`guess${attempt}`));
    session.send(false, Buffer.from('\r\nLogin incorrect\r\n'));
    session.close();
    at = session.atUs + 200_000;
  }
  context.truth.speaks(target, 'telnet');
  context.truth.speaks(attacker, 'telnet');
  context.truth.raises(target, 'telnet-service', 'cleartext-credentials');
  return {
    type: 'telnet-bruteforce',
    attackerMac: attacker.mac,
    attackerIp: attacker.ip,
    targets: [target.ip],
    startUs: atUs,
    endUs: at,
  };
}

/** The workstation an intruder holds for lateral movement, exfiltration and ransomware. */
function compromisedWorkstation(context: SimContext): SimDevice {
  return context.hospital.devices.find((device) => device.kind.type === 'workstation') ?? attackerOf(context);
}

const smbDialects = [0x0202, 0x0210, 0x0300, 0x0302, 0x0311];

/**
 * From one workstation: SMB negotiations with thirty other hosts, then RDP connection attempts to
 * ten. Lateral movement is reaching hosts never reached before, so the data-centre services every
 * workstation uses (file server, DNS, …) are not among them.
 */
function lateral(context: SimContext, atUs: number): Incident {
  const source = compromisedWorkstation(context);
  const services = new Set(context.hospital.services.values());
  const others = context.hospital.devices.filter(
    (device) =>
      device !== source &&
      !services.has(device) &&
      (device.kind.category === 'IT' || device.kind.zone === 'datacenter'),
  );
  const targets = others.slice(0, 30);
  let at = atUs;
  for (const target of targets) {
    const session = openConnection(context, source, target, 445, at);
    session.send(true, encodeSmb2NegotiateRequest(smbDialects, context.random.bytes(16)));
    session.send(false, encodeSmb2NegotiateResponse(0x0311, true, context.random.bytes(16)));
    session.close();
    context.truth.speaks(target, 'smb');
    at = session.atUs + 50_000;
  }
  for (const target of targets.slice(0, 10)) {
    const session = openConnection(context, source, target, 3389, at);
    session.send(true, encodeRdpConnectionRequest('administrator', 0x3));
    session.send(false, encodeRdpConnectionConfirm(0x2));
    session.close();
    context.truth.speaks(target, 'rdp');
    at = session.atUs + 50_000;
  }
  return {
    type: 'lateral',
    attackerMac: source.mac,
    attackerIp: source.ip,
    targets: targets.map((t) => t.ip),
    startUs: atUs,
    endUs: at,
  };
}

/** A 20 MB upload over TLS from a workstation to an address outside, through the router. */
function exfil(context: SimContext, atUs: number): Incident {
  const source = compromisedWorkstation(context);
  const router = service(context, 'router');
  const destination = { mac: router.mac, ip: '203.0.113.66', port: 443 };
  const session = new TcpConversation(
    context.stream,
    endpointOf(context, source),
    destination,
    context.random,
    atUs,
  ).open();
  session.send(true, encodeClientHello('files.storage-sync.example', context.random.bytes(32)));
  session.send(false, encodeServerHello(context.random.bytes(32)));
  for (let sent = 0; sent < 20_000_000; sent += 16_384) session.send(true, encodeApplicationData(16_384));
  session.close();
  return {
    type: 'exfil',
    attackerMac: source.mac,
    attackerIp: source.ip,
    targets: [destination.ip],
    startUs: atUs,
    endUs: session.atUs,
  };
}

/** A workstation rewrites 200 files on the file server with random (encrypted-looking) data over SMB2. */
function ransomwareSmb(context: SimContext, atUs: number): Incident {
  const source = compromisedWorkstation(context);
  const server = service(context, 'file-server');
  const share = { treeId: 1 + context.random.below(1000), sessionId: 1 + context.random.below(0xffffff) };
  const session = openConnection(context, source, server, 445, atUs);
  session.send(true, encodeSmb2NegotiateRequest(smbDialects, context.random.bytes(16)));
  session.send(false, encodeSmb2NegotiateResponse(0x0311, true, context.random.bytes(16)));
  for (let file = 0; file < 200; file += 1) {
    const data = context.random.bytes(32_768);
    session.send(true, encodeSmb2WriteRequest(file + 2, share, context.random.bytes(16), 0, data));
    session.send(false, encodeSmb2WriteResponse(file + 2, share, data.length));
  }
  session.close();
  context.truth.speaks(source, 'smb');
  context.truth.speaks(server, 'smb');
  return {
    type: 'ransomware-smb',
    attackerMac: source.mac,
    attackerIp: source.ip,
    targets: [server.ip],
    startUs: atUs,
    endUs: session.atUs,
  };
}

const attacks: Readonly<Record<AttackName, (context: SimContext, atUs: number) => Incident>> = {
  scan,
  'telnet-bruteforce': telnetBruteforce,
  lateral,
  exfil,
  'ransomware-smb': ransomwareSmb,
};

export function injectAttack(context: SimContext, attack: AttackName, atUs: number): Incident {
  return attacks[attack](context, atUs);
}
