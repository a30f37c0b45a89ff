import { isProbeFlow, serviceOf } from '../probe-flow.js';
import { tallyDetector } from '../tally-detector.js';
import { partyOf } from '../tally-report.js';

/**
 * One source knocking on many hosts within a window: a ping sweep, or one port tried across a
 * subnet. UDP that was answered does not count (an SNMP poller asks many hosts and gets answers);
 * unanswered UDP, data-less TCP and ICMP echo do.
 */
export const hostSweepDetector = tallyDetector({
  type: 'host-sweep',
  kinds: ['flow.summary'],
  limits: (config) => [config.hostSweepHosts, config.hostSweepWindowMs],
  valueName: 'hosts',
  valuesAreTargets: true,
  eventOf(observation) {
    if (observation.kind !== 'flow.summary') return undefined;
    const { flow } = observation;
    if (!isProbeFlow(flow)) return undefined;
    if (flow.protocol === 17 && flow.packetsFromResponder > 0) return undefined;
    const source = flow.initiator.address;
    const target = flow.responder.address;
    const service = serviceOf(flow);
    return {
      tallyKey: source,
      value: target,
      atMs: flow.firstSeenMs,
      note: `${service} probe to ${target}`,
      report: {
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
    };
  },
  summarise(detection) {
    const source = detection.sources[0]?.ip ?? 'a host';
    return `${source} probed ${detection.targets.length} hosts (${(detection.detail.services ?? []).slice(0, 6).join(', ')}; ${detection.count} probes)`;
  },
});
