import { isHostAddress, isPrivateAddress } from '../../inventory/private-address.js';
import type { NetworkEndpoint, Observation } from '../../observe/observation.js';
import { clinicalProtocolKinds, clinicalProtocolOf } from '../clinical-protocols.js';
import type { DetectorContext, DetectorDefinition } from '../detector.js';
import { detectionEvidence } from '../evidence-of.js';

/**
 * A clinical protocol (DICOM, HL7, FHIR, POCT1-A) crossing between the hospital and the
 * Internet: patient data in the clear leaving the hospital, or an outside host speaking to a
 * clinical system. Clinical traffic should stay inside, or leave through a VPN the capture does
 * not see into.
 */
export const clinicalProtocolToOutsideDetector: DetectorDefinition = {
  type: 'clinical-protocol-to-outside',
  kinds: clinicalProtocolKinds,
  create(context: DetectorContext) {
    return {
      evicted: 0,
      observe(observation: Observation) {
        const protocol = clinicalProtocolOf[observation.kind];
        if (protocol === undefined || !('client' in observation)) return;
        const { client, server } = observation as { client: NetworkEndpoint; server: NetworkEndpoint };
        if (!isHostAddress(client.ip) || !isHostAddress(server.ip)) return;
        const clientInside = isPrivateAddress(client.ip);
        const serverInside = isPrivateAddress(server.ip);
        if (clientInside === serverInside) return;
        const [inside, outside] = clientInside ? [client, server] : [server, client];
        context.report({
          type: 'clinical-protocol-to-outside',
          key: `${inside.ip}>${outside.ip}`,
          severity: 'high',
          techniques: ['T0882', 'T1048'],
          summary: '',
          remedy: `Find out why ${inside.ip} speaks ${protocol} with ${outside.ip} on the Internet; clinical interfaces to outside parties belong in a VPN. Block the address at the firewall unless a contract says otherwise.`,
          sources: [{ ip: client.ip, mac: client.mac }],
          targets: [{ ip: server.ip, mac: server.mac }],
          firstSeenMs: observation.timestampMs,
          lastSeenMs: observation.timestampMs,
          count: 1,
          evidence: [
            detectionEvidence(
              observation.evidence,
              observation.timestampMs,
              `${protocol} from ${client.ip} to ${server.ip}`,
            ),
          ],
          detail: { protocol: [protocol], inside: [inside.ip], outside: [outside.ip] },
        });
      },
    };
  },
  summarise(detection) {
    return `${detection.detail.protocol?.join(', ')} between ${detection.detail.inside?.[0]} in the hospital and ${detection.detail.outside?.[0]} on the Internet (${detection.count} messages or associations): clinical data crossing the hospital's edge in the clear`;
  },
};
