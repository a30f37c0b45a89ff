import type { FlowSummaryObservation } from '../../observe/observation.js';
import { isProbeFlow, serviceOf } from '../probe-flow.js';
import { tallyDetector } from '../tally-detector.js';
import { partyOf } from '../tally-report.js';

/**
 * One source knocking on many hosts within a window: a ping sweep, or one port tried across a
 * subnet. UDP that was answered does not count (an SNMP poller asks many hosts and gets answers);
 * unanswered UDP, data-less TCP and ICMP echo do.
 */
export const hostSweepDetector = tallyDetector<FlowSummaryObservation>({
  type: 'host-sweep',
  kinds: ['flow.summary'],
  limits: (config) => [config.hostSweepHosts, config.hostSweepWindowMs],
  valueName: 'hosts',
  detailName: 'services',
  valuesAreTargets: true,
  eventOf(observation) {
    if (observation.kind !== 'flow.summary') return undefined;
    const { flow } = observation;
    if (!isProbeFlow(flow)) return undefined;
    if (flow.protocol === 17 && flow.packetsFromResponder > 0) return undefined;
    return {
      tallyKey: flow.initiator.address,
      value: flow.responder.address,
      atMs: flow.firstSeenMs,
      detailValue: serviceOf(flow),
    };
  },
  noteOf: (target, service) => `${service} probe to ${target}`,
  reportOf({ flow }) {
    return {
      type: 'host-sweep',
      key: flow.initiator.address,
      severity: 'medium',
      techniques: ['T0846', 'T1018'],
      remedy:
        'Find who maps the network from this host: an inventory or monitoring tool belongs in a suppression with an owner and an end; otherwise isolate the host and look for what followed the sweep.',
      sources: [partyOf(flow.initiator.address, flow.initiator.mac)],
      targets: [],
    };
  },
  summarise(detection) {
    const source = detection.sources[0]?.ip ?? 'a host';
    return `${source} probed ${detection.targets.length} hosts (${(detection.detail.services ?? []).slice(0, 6).join(', ')}; ${detection.count} probes)`;
  },
});
