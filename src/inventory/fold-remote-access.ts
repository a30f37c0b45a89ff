import type {
  RdpNegotiationObservation,
  VncDesktopObservation,
  VncHandshakeObservation,
} from '../observe/observation.js';
import { attributeConfidence } from './attribute-confidence.js';
import type { DraftBook } from './draft-book.js';

/** Protocols an RDP server may settle on that authenticate the user before the session exists. */
const networkLevelAuthentication = new Set(['credssp', 'credssp-early-user-auth', 'rdstls', 'rdsaad']);

/**
 * Remote desktops (RDP, VNC): who offers one and to whom, the security it settles for, and the
 * desktop name a VNC server announces. Without authentication VNC is a critical finding.
 */
export function foldRemoteAccess(
  book: DraftBook,
  observation: RdpNegotiationObservation | VncHandshakeObservation | VncDesktopObservation,
): void {
  const protocol = observation.kind === 'rdp.negotiation' ? 'rdp' : 'vnc';
  const server = book.deviceForIp(observation.server.ip, observation);
  const client = book.deviceForIp(observation.client.ip, observation);
  book.addProtocol(server, protocol, observation.timestampMs);
  book.addProtocol(client, protocol, observation.timestampMs);
  const confidence = attributeConfidence.roleFromBehaviour;
  if (observation.kind === 'vnc.desktop') {
    book.addAttribute(
      server,
      'vnc.desktop-name',
      observation.desktopName,
      observation.kind,
      confidence,
      observation,
    );
    return;
  }
  book.addAttribute(server, 'role', `${protocol}-server`, observation.kind, confidence, observation);
  if (observation.kind === 'vnc.handshake') {
    book.addAttribute(
      server,
      'vnc.version',
      observation.serverVersion,
      observation.kind,
      confidence,
      observation,
    );
    if (observation.securityType === 'none') book.addFinding(server, 'vnc-no-authentication', observation);
    return;
  }
  if (observation.selectedProtocol === undefined) return;
  book.addAttribute(
    server,
    'rdp.security',
    observation.selectedProtocol,
    observation.kind,
    confidence,
    observation,
  );
  if (!networkLevelAuthentication.has(observation.selectedProtocol))
    book.addFinding(server, 'rdp-without-nla', observation);
}
