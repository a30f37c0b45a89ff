import type { FlowRecord } from '../../flows/flow-record.js';
import type { FlowSummaryObservation } from '../../observe/observation.js';
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
export const portScanDetector = tallyDetector<FlowSummaryObservation>({
  type: 'port-scan',
  kinds: ['flow.summary'],
  limits: (config) => [config.portScanPorts, config.portScanWindowMs],
  valueName: 'ports',
  detailName: 'method',
  eventOf(observation) {
    if (observation.kind !== 'flow.summary') return undefined;
    const { flow } = observation;
    if ((flow.protocol !== 6 && flow.protocol !== 17) || !isProbeFlow(flow)) return undefined;
    return {
      tallyKey: `${flow.initiator.address}>${flow.responder.address}`,
      value: serviceOf(flow),
      atMs: flow.firstSeenMs,
      detailValue: methodOf(flow),
    };
  },
  noteOf: (service, method, tallyKey) =>
    `${method} probe to ${tallyKey.slice(tallyKey.indexOf('>') + 1)} ${service}`,
  reportOf({ flow }) {
    return {
      type: 'port-scan',
      key: flow.initiator.address,
      severity: 'medium',
      techniques: ['T0846', 'T1046'],
      remedy:
        'Find who scans from this host: an authorised vulnerability scan belongs in a suppression with an owner and an end; otherwise isolate the host and look for what else it did (logins, connections to other hosts).',
      sources: [partyOf(flow.initiator.address, flow.initiator.mac)],
      targets: [partyOf(flow.responder.address, flow.responder.mac)],
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
