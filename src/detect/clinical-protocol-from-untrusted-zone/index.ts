import { internetZone, trustOf, zoneOf } from '../../config/zones.js';
import type { NetworkEndpoint, Observation } from '../../observe/observation.js';
import { clinicalProtocolKinds, clinicalProtocolOf } from '../clinical-protocols.js';
import type { DetectorContext, DetectorDefinition } from '../detector.js';
import { detectionEvidence } from '../evidence-of.js';

/** Zones already judged, by address: clinical traffic comes from few hosts, again and again. */
const maxRemembered = 4_096;

/**
 * A clinical protocol (DICOM, HL7, FHIR, POCT1-A) spoken by a host in a zone the hospital marks
 * `untrusted` (guest Wi-Fi, contractors, a vendor's jump network) with a host outside that zone:
 * patient data where nobody vouches for the other end. Zones come from the zone file
 * (`vigil ingest --zones`); without one nothing is judged here. The Internet is the concern of
 * `clinical-protocol-to-outside`, and a clinical zone talking to an `internal` one (the data
 * centre's PACS, the EHR) is the ordinary way of things.
 */
export const clinicalProtocolFromUntrustedZoneDetector: DetectorDefinition = {
  type: 'clinical-protocol-from-untrusted-zone',
  kinds: clinicalProtocolKinds,
  create(context: DetectorContext) {
    const zones = context.zones;
    const untrusted = zones.filter((zone) => zone.trust === 'untrusted');
    const remembered = new Map<string, { zone: string | null; trust: string }>();
    const judge = (address: string) => {
      let judged = remembered.get(address);
      if (judged === undefined) {
        const zone = zoneOf(address, zones);
        judged = { zone, trust: zone === null ? 'internal' : trustOf(zone, zones) };
        if (remembered.size >= maxRemembered) remembered.clear();
        remembered.set(address, judged);
      }
      return judged;
    };
    return {
      evicted: 0,
      observe(observation: Observation) {
        if (untrusted.length === 0) return;
        const protocol = clinicalProtocolOf[observation.kind];
        if (protocol === undefined || !('client' in observation)) return;
        const { client, server } = observation as { client: NetworkEndpoint; server: NetworkEndpoint };
        const from = judge(client.ip);
        const to = judge(server.ip);
        if (from.zone === null || to.zone === null || from.zone === to.zone) return;
        if (from.zone === internetZone || to.zone === internetZone) return;
        if (from.trust !== 'untrusted' && to.trust !== 'untrusted') return;
        const [outsider, outsiderZone, insider, insiderZone] =
          from.trust === 'untrusted'
            ? [client, from.zone, server, to.zone]
            : [server, to.zone, client, from.zone];
        context.report({
          type: 'clinical-protocol-from-untrusted-zone',
          key: outsider.ip,
          severity: trustOf(insiderZone, zones) === 'clinical' ? 'high' : 'medium',
          techniques: ['T0886', 'T0882'],
          summary: '',
          remedy: `Find the host at ${outsider.ip} in ${outsiderZone}: nothing there should speak ${protocol}. Block ${outsiderZone} from ${insiderZone} at the firewall between them, and if the connection is a vendor's or a contractor's, move it to the zone and the access path agreed for them.`,
          sources: [{ ip: client.ip, mac: client.mac }],
          targets: [{ ip: server.ip, mac: server.mac }],
          firstSeenMs: observation.timestampMs,
          lastSeenMs: observation.timestampMs,
          count: 1,
          evidence: [
            detectionEvidence(
              observation.evidence,
              observation.timestampMs,
              `${protocol} from ${client.ip} (${from.zone}) to ${server.ip} (${to.zone})`,
            ),
          ],
          detail: {
            protocol: [protocol],
            untrustedZone: [outsiderZone],
            untrustedHost: [outsider.ip],
            otherZone: [insiderZone],
            otherHosts: [insider.ip],
          },
        });
      },
    };
  },
  summarise(detection) {
    const host = detection.detail.untrustedHost?.[0] ?? 'a host';
    const zone = detection.detail.untrustedZone?.[0] ?? 'an untrusted zone';
    const others = detection.detail.otherHosts ?? [];
    const where = others.length === 1 ? others[0] : `${others.length} hosts`;
    return `${detection.detail.protocol?.join(', ')} between ${host} in the untrusted zone ${zone} and ${where} in ${(detection.detail.otherZone ?? []).join(', ')} (${detection.count} associations or messages): clinical data where nobody vouches for the other end`;
  },
};
