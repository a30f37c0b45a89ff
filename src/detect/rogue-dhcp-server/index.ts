import type { Observation } from '../../observe/observation.js';
import { BoundedMap } from '../bounded-map.js';
import type { DetectorContext, DetectorDefinition } from '../detector.js';
import { detectionEvidence } from '../evidence-of.js';

/**
 * A second DHCP server answering on a VLAN where another already serves: a rogue server hands
 * out itself as gateway or DNS and sees or redirects everything. The first server seen on a VLAN
 * is taken as the real one; relays (replies with `giaddr`) are left out, since they answer for
 * a server elsewhere.
 */
export const rogueDhcpServerDetector: DetectorDefinition = {
  type: 'rogue-dhcp-server',
  kinds: ['dhcp.message'],
  create(context: DetectorContext) {
    const servers = new BoundedMap<number, { ip: string; mac: string | undefined }>(
      context.config.maxTrackedKeys,
    );
    return {
      get evicted() {
        return servers.evicted;
      },
      observe(observation: Observation) {
        if (observation.kind !== 'dhcp.message' || observation.isFromClient) return;
        if (observation.messageType !== 'offer' && observation.messageType !== 'ack') return;
        if (observation.relayIp !== undefined) return;
        const server = observation.serverId ?? observation.senderIp;
        const known = servers.get(observation.vlanId);
        if (known === undefined) {
          servers.set(observation.vlanId, { ip: server, mac: observation.senderMac });
          return;
        }
        if (known.ip === server) return;
        context.report({
          type: 'rogue-dhcp-server',
          key: `${observation.vlanId}/${server}`,
          severity: 'high',
          techniques: ['T0830', 'T1557'],
          summary: '',
          remedy: `Find ${observation.senderMac ?? server} on the switch and take it off; turn on DHCP snooping so only the ports of the real server (${known.ip}) may answer; check the leases it gave (${observation.leasedIp ?? 'see the evidence'}).`,
          sources: [{ ip: server, mac: observation.senderMac }],
          targets: [{ ip: undefined, mac: observation.clientMac, identifiedBy: 'mac' }],
          firstSeenMs: observation.timestampMs,
          lastSeenMs: observation.timestampMs,
          count: 1,
          evidence: [
            detectionEvidence(
              observation.evidence,
              observation.timestampMs,
              `DHCP ${observation.messageType} from ${server} to ${observation.clientMac} (VLAN ${observation.vlanId} is served by ${known.ip})`,
            ),
          ],
          detail: { realServer: [known.ip], vlan: [String(observation.vlanId)] },
        });
      },
    };
  },
  summarise(detection) {
    return `${detection.sources[0]?.ip} answers DHCP on VLAN ${detection.detail.vlan?.[0]}, which ${detection.detail.realServer?.[0]} serves (${detection.count} replies to ${detection.targets.length} clients)`;
  },
};
