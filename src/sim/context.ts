import type { CaptureStream } from './capture-stream.js';
import type { ServiceRole } from './catalogue.js';
import type { Hospital, SimDevice } from './hospital.js';
import { type Endpoint, TcpConversation } from './packets.js';
import type { SeededRandom } from './random.js';

/** What each device was made to do, for the ground truth: protocols spoken and findings it should raise. */
export class TruthBook {
  readonly protocols = new Map<number, Set<string>>();
  readonly findings = new Map<number, Set<string>>();

  speaks(device: SimDevice, ...protocols: string[]): void {
    const set = this.protocols.get(device.index) ?? new Set<string>();
    for (const protocol of protocols) set.add(protocol);
    this.protocols.set(device.index, set);
  }

  raises(device: SimDevice, ...findings: string[]): void {
    const set = this.findings.get(device.index) ?? new Set<string>();
    for (const finding of findings) set.add(finding);
    this.findings.set(device.index, set);
  }
}

/** Everything a conversation writer needs: where to write, the hospital, and the truth to keep. */
export interface SimContext {
  stream: CaptureStream;
  random: SeededRandom;
  hospital: Hospital;
  truth: TruthBook;
  /** Devices whose services are old enough to offer telnet and take logins in clear. */
  legacy: ReadonlySet<number>;
}

export function service(context: SimContext, role: ServiceRole): SimDevice {
  return context.hospital.services.get(role)!;
}

/** A device as one end of a conversation on `port` (an ephemeral one when omitted). */
export function endpointOf(context: SimContext, device: SimDevice, port?: number): Endpoint {
  return { mac: device.mac, ip: device.ip, port: port ?? 49_152 + context.random.below(16_000) };
}

/** Invented patients: the simulated traffic carries them in clear, as real clinical traffic does. */
export const inventedFamilyNames = [
  'HOLLOWAY',
  'OKAFOR',
  'LINDQVIST',
  'MORENO',
  'TANAKA',
  'BRENNAN',
  'KOWALSKA',
  'ADEYEMI',
];
const givenNames = ['MARGARET', 'DAVID', 'AMARA', 'LUCAS', 'YUKI', 'SEAN', 'ZOFIA', 'TUNDE'];

export function inventedPatient(context: SimContext): { id: string; name: string; birthDate: string } {
  const random = context.random;
  return {
    id: `SIM${String(100_000 + random.below(900_000))}`,
    name: `${random.pick(inventedFamilyNames)}^${random.pick(givenNames)}`,
    birthDate: `19${40 + random.below(60)}${String(1 + random.below(12)).padStart(2, '0')}${String(1 + random.below(28)).padStart(2, '0')}`,
  };
}

/** A TCP connection from `client` (an ephemeral port) to `server`'s `port`, its handshake written at `atUs`. */
export function openConnection(
  context: SimContext,
  client: SimDevice,
  server: SimDevice,
  port: number,
  atUs: number,
): TcpConversation {
  return new TcpConversation(
    context.stream,
    endpointOf(context, client),
    endpointOf(context, server, port),
    context.random,
    atUs,
  ).open();
}
