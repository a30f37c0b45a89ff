import type { Observation } from '../../observe/observation.js';
import type { DetectorContext, DetectorDefinition } from '../detector.js';
import { DistinctTally } from '../distinct-tally.js';
import { detectionEvidence } from '../evidence-of.js';
import { isProbeFlow, serviceOf } from '../probe-flow.js';
import { partyOf, tallyDetection } from '../tally-report.js';

/**
 * One source knocking on many hosts within a window: a ping sweep, or one port tried across a
 * subnet. UDP that was answered does not count (an SNMP poller asks many hosts and gets answers);
 * unanswered UDP, data-less TCP and ICMP echo do.
 */
export const hostSweepDetector: DetectorDefinition = {
  type: 'host-sweep',
  kinds: ['flow.summary'],
  create(context: DetectorContext) {
    const { config } = context;
    const hosts = DistinctTally.within(config, config.hostSweepHosts, config.hostSweepWindowMs);
    return {
      get evicted() {
        return hosts.evicted;
      },
      observe(observation: Observation) {
        if (observation.kind !== 'flow.summary') return;
        const { flow } = observation;
        if (!isProbeFlow(flow)) return;
        if (flow.protocol === 17 && flow.packetsFromResponder > 0) return;
        const source = flow.initiator.address;
        const target = flow.responder.address;
        const service = serviceOf(flow);
        const evidence = detectionEvidence(observation.evidence, `${service} probe to ${target}`);
        const counted = hosts.add(source, target, flow.firstSeenMs, evidence);
        if (counted === undefined) return;
        const detection = tallyDetection(
          {
            type: 'host-sweep',
            key: source,
            severity: 'medium',
            techniques: ['T0846', 'T1018'],
            remedy:
              'Find who maps the network from this host: an inventory or monitoring tool belongs in a suppression with an owner and an end; otherwise isolate the host and look for what followed the sweep.',
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
    const source = detection.sources[0]?.ip ?? 'a host';
    return `${source} probed ${detection.targets.length} hosts (${(detection.detail.services ?? []).slice(0, 6).join(', ')}; ${detection.count} probes)`;
  },
};
