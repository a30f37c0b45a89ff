import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { VncDesktopObservation, VncHandshakeObservation } from './observation.js';

/**
 * VNC: who offers a remote desktop and to whom, its RFB version and the desktop name it
 * announces. Without authentication it is a critical finding.
 */
export function foldVnc(book: DraftBook, observation: VncHandshakeObservation | VncDesktopObservation): void {
  const server = book.deviceForIp(observation.server.ip, observation);
  const client = book.deviceForIp(observation.client.ip, observation);
  book.addProtocol(server, 'vnc', observation.timestampMs);
  book.addProtocol(client, 'vnc', observation.timestampMs);
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
  book.addAttribute(server, 'role', 'vnc-server', observation.kind, confidence, observation);
  book.addAttribute(
    server,
    'vnc.version',
    observation.serverVersion,
    observation.kind,
    confidence,
    observation,
  );
  if (observation.securityType === 'none') book.addFinding(server, 'vnc-no-authentication', observation);
}
