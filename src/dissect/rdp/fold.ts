import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { RdpNegotiationObservation } from './observation.js';

/** Protocols an RDP server may settle on that authenticate the user before the session exists. */
const networkLevelAuthentication = new Set(['credssp', 'credssp-early-user-auth', 'rdstls', 'rdsaad']);

/**
 * RDP: who offers a remote desktop and to whom, and the security the server settles for; one
 * without network-level authentication is a finding.
 */
export function foldRdp(book: DraftBook, observation: RdpNegotiationObservation): void {
  const server = book.deviceForIp(observation.server.ip, observation);
  const client = book.deviceForIp(observation.client.ip, observation);
  book.addProtocol(server, 'rdp', observation.timestampMs);
  book.addProtocol(client, 'rdp', observation.timestampMs);
  const confidence = attributeConfidence.roleFromBehaviour;
  book.addAttribute(server, 'role', 'rdp-server', observation.kind, confidence, observation);
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
