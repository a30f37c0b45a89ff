import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { NtpMessageObservation } from './observation.js';

/** NTP: a server-mode reply makes its sender a time server, with its stratum and upstream source. */
export function foldNtp(book: DraftBook, observation: NtpMessageObservation): void {
  const sender = book.deviceForIp(observation.sender.ip, observation);
  book.addProtocol(sender, 'ntp', observation.timestampMs);
  if (observation.mode !== 'server' || observation.stratum === undefined || observation.stratum === 0) return;
  const confidence = attributeConfidence.roleFromBehaviour;
  book.addAttribute(sender, 'role', 'ntp-server', observation.kind, confidence, observation);
  book.addAttribute(
    sender,
    'ntp.stratum',
    String(observation.stratum),
    observation.kind,
    confidence,
    observation,
  );
  if (observation.referenceId !== undefined) {
    book.addAttribute(
      sender,
      'ntp.reference',
      observation.referenceId,
      observation.kind,
      confidence,
      observation,
    );
  }
}
