import type { FlowRecord } from '../../flows/flow-record.js';
import { isProbeFlow, serviceOf } from '../probe-flow.js';
import { tallyDetector } from '../tally-detector.js';
import { partyOf } from '../tally-report.js';

const ackFlag = 0x10;

/**
 * How the probes were made. A connect scan goes through the system's TCP stack, whose SYN
 * carries SACK-permitted or timestamps and which completes a handshake; a SYN (half-open) scan
 * writes bare SYNs itself (nmap's carry the MSS alone) and never completes one.
 */
function methodOf(flow: FlowRecord): string {
  if (flow.protocol === 17) return 'UDP';
  if ((flow.tcpFlagsFromInitiator & ackFlag) !== 0) return 'TCP connect';
  const layout = flow.initiator.syn?.optionsLayout;
  return layout !== undefined && /[ST]/.test(layout) ? 'TCP connect' : 'TCP SYN';
}

/**
 * One source knocking on many ports of one host within a window (nmap `-sS`, `-sT`, `-sU`):
 * counted from flows that carried no data, so a client using many services is not a scan.
 */
export const portScanDetector = tallyDetector({
  type: 'port-scan',
  kinds: ['flow.summary'],
  limits: (config) => [config.portScanPorts, config.portScanWindowMs],
  valueName: 'ports',
  eventOf(observation) {
    if (observation.kind !== 'flow.summary') return undefined;
    const { flow } = observation;
    if ((flow.protocol !== 6 && flow.protocol !== 17) || !isProbeFlow(flow)) return undefined;
    const source = flow.initiator.address;
    const target = flow.responder.address;
    const service = serviceOf(flow);
    const method = methodOf(flow);
    return {
      tallyKey: `${source}>${target}`,
      value: service,
      atMs: flow.firstSeenMs,
      note: `${method} probe to ${target} ${service}`,
      report: {
        type: 'port-scan',
        key: source,
        severity: 'medium',
        techniques: ['T0846', 'T1046'],
        remedy:
          'Find who scans from this host: an authorised vulnerability scan belongs in a suppression with an owner and an end; otherwise isolate the host and look for what else it did (logins, connections to other hosts).',
        sources: [partyOf(source, flow.initiator.mac)],
        targets: [partyOf(target, flow.responder.mac)],
        detail: { method: [method] },
      },
    };
  },
  summarise(detection) {
    const source = detection.sources[0]?.ip ?? 'a host';
    const hosts = detection.targets.length;
    const where = hosts === 1 ? detection.targets[0]?.ip : `${hosts} hosts`;
    const methods = (detection.detail.method ?? []).join(', ');
    return `${source} probed ${detection.detail.ports?.length ?? 0} ports on ${where} (${methods} scan, ${detection.count} probes)`;
  },
});
