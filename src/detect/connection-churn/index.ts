import type { FlowSummaryObservation } from '../../observe/observation.js';
import { remoteServices } from '../remote-services.js';
import { tallyDetector } from '../tally-detector.js';
import { partyOf } from '../tally-report.js';

/**
 * Many connections from one client to one login service within a window (hydra against sshd,
 * RDP, VNC or SMB): a person opens one and stays; a guesser opens one per few passwords.
 */
export const connectionChurnDetector = tallyDetector<FlowSummaryObservation>({
  type: 'connection-churn',
  kinds: ['flow.summary'],
  limits: (config) => [config.connectionChurn, config.connectionChurnWindowMs, 'events'],
  valueName: 'service',
  eventOf(observation) {
    if (observation.kind !== 'flow.summary') return undefined;
    const { flow } = observation;
    const service = flow.protocol === 6 ? remoteServices.get(flow.responder.port) : undefined;
    // Only connections the server answered: refused ones belong to a scan.
    if (service === undefined || flow.packetsFromResponder < 2) return undefined;
    return {
      tallyKey: `${flow.initiator.address}>${flow.responder.address}:${flow.responder.port}`,
      value: service,
      atMs: flow.firstSeenMs,
    };
  },
  noteOf: (service) => `${service} connection`,
  reportOf({ flow }, event) {
    const client = flow.initiator.address;
    const server = flow.responder.address;
    return {
      type: 'connection-churn',
      key: event.tallyKey,
      severity: 'high',
      techniques: ['T1110'],
      remedy: `Block ${client} from ${event.value} on ${server} and find who runs it; look in the server's log for a login that succeeded, and change the passwords of the accounts tried.`,
      sources: [partyOf(client, flow.initiator.mac)],
      targets: [partyOf(server, flow.responder.mac)],
    };
  },
  summarise(detection) {
    return `${detection.count} ${detection.detail.service?.[0]} connections from ${detection.sources[0]?.ip} to ${detection.targets[0]?.ip} in quick succession (password guessing)`;
  },
});
