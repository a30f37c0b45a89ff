import type { Observation } from '../../observe/observation.js';
import type { DetectorContext, DetectorDefinition } from '../detector.js';
import { DistinctTally } from '../distinct-tally.js';
import { detectionEvidence } from '../evidence-of.js';
import { remoteServices } from '../remote-services.js';
import { partyOf, tallyDetection } from '../tally-report.js';

/**
 * Many connections from one client to one login service within a window (hydra against sshd,
 * RDP, VNC or SMB): a person opens one and stays; a guesser opens one per few passwords.
 */
export const connectionChurnDetector: DetectorDefinition = {
  type: 'connection-churn',
  kinds: ['flow.summary'],
  create(context: DetectorContext) {
    const { config } = context;
    const connections = DistinctTally.within(
      config,
      config.connectionChurn,
      config.connectionChurnWindowMs,
      'events',
    );
    return {
      get evicted() {
        return connections.evicted;
      },
      observe(observation: Observation) {
        if (observation.kind !== 'flow.summary') return;
        const { flow } = observation;
        const service = flow.protocol === 6 ? remoteServices.get(flow.responder.port) : undefined;
        // Only connections the server answered: refused ones belong to a scan.
        if (service === undefined || flow.packetsFromResponder < 2) return;
        const client = flow.initiator.address;
        const server = flow.responder.address;
        const key = `${client}>${server}:${flow.responder.port}`;
        const evidence = detectionEvidence(
          observation.evidence,
          `${service} connection from port ${flow.initiator.port}`,
        );
        const counted = connections.add(key, service, flow.firstSeenMs, evidence);
        if (counted === undefined) return;
        context.report(
          tallyDetection(
            {
              type: 'connection-churn',
              key,
              severity: 'high',
              techniques: ['T1110'],
              remedy: `Block ${client} from ${service} on ${server} and find who runs it; look in the server's log for a login that succeeded, and change the passwords of the accounts tried.`,
              sources: [partyOf(client, flow.initiator.mac)],
              targets: [partyOf(server, flow.responder.mac)],
            },
            counted,
            { atMs: flow.firstSeenMs, value: service, evidence, valueName: 'service' },
          ),
        );
      },
    };
  },
  summarise(detection) {
    return `${detection.count} ${detection.detail.service?.[0]} connections from ${detection.sources[0]?.ip} to ${detection.targets[0]?.ip} in quick succession (password guessing)`;
  },
};
