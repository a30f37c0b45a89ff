import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DeviceDraft } from '../../inventory/device-draft.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { NbnsMessageObservation, NbnsNameRecord } from './observation.js';

/** Name types that name the host itself: workstation (0x00) and file server (0x20) service. */
const hostNameSuffixes = new Set([0x00, 0x20]);

/**
 * NBNS: a host registering or refreshing its names, or answering for them (a query answer or a
 * node-status table), names itself and its workgroup. An answer about another address (a WINS
 * server's) is kept for whichever device holds that address, creating none.
 */
export function foldNbns(book: DraftBook, observation: NbnsMessageObservation): void {
  const sender = book.deviceForIp(observation.sender.ip, observation);
  book.addProtocol(sender, 'nbns', observation.timestampMs);
  const isAboutItself =
    observation.opcode === 'registration' ||
    observation.opcode === 'refresh' ||
    observation.opcode === 'multihomed-registration';
  for (const record of observation.records) {
    if (record.address === observation.sender.ip && (isAboutItself || observation.isResponse))
      addNames(book, sender, record, observation);
    else if (observation.isResponse && record.address !== undefined && !record.isGroup)
      book.annotateAddress(
        record.address,
        'netbios.name',
        record.name,
        observation.kind,
        attributeConfidence.hostnameFromDnsAnswer,
        observation,
      );
  }
  for (const record of observation.nodeNames) addNames(book, sender, record, observation);
}

function addNames(
  book: DraftBook,
  device: DeviceDraft,
  record: NbnsNameRecord,
  observation: NbnsMessageObservation,
): void {
  if (!hostNameSuffixes.has(record.suffix)) return;
  const confidence = attributeConfidence.hostnameFromNetbios;
  if (record.isGroup) {
    book.addAttribute(device, 'netbios.workgroup', record.name, observation.kind, confidence, observation);
    return;
  }
  book.addAttribute(device, 'netbios.name', record.name, observation.kind, confidence, observation);
  book.addAttribute(device, 'hostname', record.name, observation.kind, confidence, observation);
}
