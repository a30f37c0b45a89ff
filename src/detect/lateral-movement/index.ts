import type { FlowSummaryObservation } from '../../observe/observation.js';
import { remoteServices } from '../remote-services.js';
import { tallyDetector } from '../tally-detector.js';
import { partyOf } from '../tally-report.js';

/**
 * One host opening SMB, RDP, SSH, VNC, telnet or WinRM sessions with many hosts within a window:
 * a workstation talks to its file server, not to thirty machines. Only sessions the far end
 * answered count (refused ones belong to a scan).
 */
export const lateralMovementDetector = tallyDetector<FlowSummaryObservation>({
  type: 'lateral-movement',
  kinds: ['flow.summary'],
  limits: (config) => [config.lateralMovementHosts, config.lateralMovementWindowMs],
  valueName: 'hosts',
  detailName: 'services',
  valuesAreTargets: true,
  eventOf(observation) {
    if (observation.kind !== 'flow.summary') return undefined;
    const { flow } = observation;
    // FTP moves files, not sessions: it is guessed at, but nobody works on a host through it.
    const service =
      flow.protocol === 6 && flow.responder.port !== 21 ? remoteServices.get(flow.responder.port) : undefined;
    if (service === undefined || flow.packetsFromResponder < 2) return undefined;
    return {
      tallyKey: flow.initiator.address,
      value: flow.responder.address,
      atMs: flow.firstSeenMs,
      detailValue: service,
    };
  },
  noteOf: (target, service) => `${service} session with ${target}`,
  reportOf({ flow }) {
    const source = flow.initiator.address;
    return {
      type: 'lateral-movement',
      key: source,
      severity: 'high',
      techniques: ['T0886', 'T1021'],
      remedy: `Isolate ${source} and find whose credentials it used (the targets' logs name the account); reset them, and allow SMB, RDP and SSH between hosts only from the administration network.`,
      sources: [partyOf(source, flow.initiator.mac)],
      targets: [],
    };
  },
  summarise(detection) {
    return `${detection.sources[0]?.ip} opened ${(detection.detail.services ?? []).join(', ')} sessions with ${detection.targets.length} hosts (${detection.count} sessions)`;
  },
});
