import type { Observation } from '../../observe/observation.js';
import type { DetectorContext, DetectorDefinition } from '../detector.js';
import { DistinctTally } from '../distinct-tally.js';
import { detectionEvidence } from '../evidence-of.js';
import { remoteServices } from '../remote-services.js';
import { partyOf, tallyDetection } from '../tally-report.js';

/**
 * One host opening SMB, RDP, SSH, VNC, telnet or WinRM sessions with many hosts within a window:
 * a workstation talks to its file server, not to thirty machines. Only sessions the far end
 * answered count (refused ones belong to a scan).
 */
export const lateralMovementDetector: DetectorDefinition = {
  type: 'lateral-movement',
  kinds: ['flow.summary'],
  create(context: DetectorContext) {
    const { config } = context;
    const reached = DistinctTally.within(config, config.lateralMovementHosts, config.lateralMovementWindowMs);
    return {
      get evicted() {
        return reached.evicted;
      },
      observe(observation: Observation) {
        if (observation.kind !== 'flow.summary') return;
        const { flow } = observation;
        // FTP moves files, not sessions: it is guessed at, but nobody works on a host through it.
        const service =
          flow.protocol === 6 && flow.responder.port !== 21
            ? remoteServices.get(flow.responder.port)
            : undefined;
        if (service === undefined || flow.packetsFromResponder < 2) return;
        const source = flow.initiator.address;
        const target = flow.responder.address;
        const evidence = detectionEvidence(observation.evidence, `${service} session with ${target}`);
        const counted = reached.add(source, target, flow.firstSeenMs, evidence);
        if (counted === undefined) return;
        const detection = tallyDetection(
          {
            type: 'lateral-movement',
            key: source,
            severity: 'high',
            techniques: ['T0886', 'T1021'],
            remedy: `Isolate ${source} and find whose credentials it used (the targets' logs name the account); reset them, and allow SMB, RDP and SSH between hosts only from the administration network.`,
            sources: [partyOf(source, flow.initiator.mac)],
            targets: [],
            detail: { services: [service] },
          },
          counted,
          { atMs: flow.firstSeenMs, value: target, evidence, valueName: 'hosts' },
        );
        detection.targets = (detection.detail.hosts ?? []).map((ip) => partyOf(ip, undefined));
        context.report(detection);
      },
    };
  },
  summarise(detection) {
    return `${detection.sources[0]?.ip} opened ${(detection.detail.services ?? []).join(', ')} sessions with ${detection.targets.length} hosts (${detection.count} sessions)`;
  },
};
