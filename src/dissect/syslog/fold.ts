import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { SyslogMessageObservation } from './observation.js';

/** Syslog: the sender names itself in the HOSTNAME field; the receiver is a log collector. */
export function foldSyslog(book: DraftBook, observation: SyslogMessageObservation): void {
  const sender = book.deviceForIp(observation.sender.ip, observation);
  const collector = book.deviceForIp(observation.receiver.ip, observation);
  book.addProtocol(sender, 'syslog', observation.timestampMs);
  book.addProtocol(collector, 'syslog', observation.timestampMs);
  book.addAttribute(
    collector,
    'role',
    'syslog-collector',
    observation.kind,
    attributeConfidence.roleFromBehaviour,
    observation,
  );
  // Senders often write an address or a placeholder there; only a name names the device.
  const hostname = observation.hostname;
  if (hostname !== undefined && hostname !== observation.sender.ip && /[a-z]/i.test(hostname)) {
    book.addAttribute(
      sender,
      'hostname',
      hostname,
      observation.kind,
      attributeConfidence.hostnameFromSyslog,
      observation,
    );
  }
  if (observation.appName !== undefined) {
    book.addAttribute(
      sender,
      'syslog.app',
      observation.appName,
      observation.kind,
      attributeConfidence.softwareFromBanner,
      observation,
    );
  }
}
