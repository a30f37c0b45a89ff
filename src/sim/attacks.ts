import { ethernetFrame, ipv4Packet, tcpSegment } from '../decode/encode-frame.js';
import { TcpFlag } from '../decode/packet-view.js';
import { encodeTelnetLine } from '../dissect/telnet/encode.js';
import { endpointOf, type SimContext } from './context.js';
import type { SimDevice } from './hospital.js';
import { TcpConversation } from './packets.js';

export const attackNames = ['scan', 'telnet-bruteforce'] as const;
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
    const session = new TcpConversation(
      context.stream,
      endpointOf(context, attacker),
      endpointOf(context, target, 23),
      context.random,
      at,
    ).open();
    session.send(false, Buffer.from(`\r\n${target.hostname} login: `));
    session.send(true, encodeTelnetLine(attempt % 2 === 0 ? 'admin' : 'root'));
    session.send(false, Buffer.from('Password: '));
    session.send(true, encodeTelnetLine(`guess${attempt}`));
    session.send(false, Buffer.from('\r\nLogin incorrect\r\n'));
    session.close();
    at = session.atUs + 200_000;
  }
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

export function injectAttack(context: SimContext, attack: AttackName, atUs: number): Incident {
  return attack === 'scan' ? scan(context, atUs) : telnetBruteforce(context, atUs);
}
