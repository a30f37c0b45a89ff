import type { ArpBindingObservation } from '../../dissect/arp/observation.js';
import { tallyDetector } from '../tally-detector.js';
import { partyOf } from '../tally-report.js';

/**
 * Many gratuitous ARPs from one MAC within a window: a host announces itself a few times when it
 * comes up or fails over; a stream of them is cache poisoning or a flood.
 */
export const gratuitousArpFloodDetector = tallyDetector<ArpBindingObservation>({
  type: 'gratuitous-arp-flood',
  kinds: ['arp.binding'],
  limits: (config) => [config.gratuitousArpFlood, config.gratuitousArpWindowMs, 'events'],
  valueName: 'addresses',
  eventOf(observation) {
    if (observation.kind !== 'arp.binding' || !observation.isGratuitous || observation.ip === undefined)
      return undefined;
    return { tallyKey: observation.mac, value: observation.ip, atMs: observation.timestampMs };
  },
  noteOf: (address, _detail, mac) => `gratuitous ARP: ${address} is at ${mac}`,
  reportOf(observation) {
    return {
      type: 'gratuitous-arp-flood',
      key: observation.mac,
      severity: 'medium',
      techniques: ['T0830', 'T1557.002'],
      remedy: `Find the port of ${observation.mac} on the switch; turn on dynamic ARP inspection on the clinical VLANs, and check whether the addresses it announced belong to it.`,
      sources: [{ ip: undefined, mac: observation.mac, identifiedBy: 'mac' }],
      targets: [partyOf(observation.ip, undefined)],
    };
  },
  summarise(detection) {
    return `${detection.sources[0]?.mac} sent ${detection.count} gratuitous ARPs for ${(detection.detail.addresses ?? []).slice(0, 4).join(', ')}`;
  },
});
