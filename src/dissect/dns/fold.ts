import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { DnsMessageObservation } from './observation.js';

/**
 * DNS family: every sender spoke the protocol. A multicast DNS response is the sender announcing
 * its own names (A/AAAA records for its address) and services (PTR records of `_service._proto`),
 * and so is an LLMNR response;
 * a unicast answer names other addresses, which attach only to addresses seen on the wire.
 */
export function foldDns(book: DraftBook, observation: DnsMessageObservation): void {
  const sender = book.deviceForIp(observation.sender.ip, observation);
  book.addProtocol(sender, observation.protocol, observation.timestampMs);
  if (!observation.isResponse) return;
  if (observation.protocol === 'mdns') {
    for (const record of observation.answers) {
      if ((record.type === 'A' || record.type === 'AAAA') && record.value === observation.sender.ip) {
        book.addAttribute(
          sender,
          'hostname',
          record.name,
          'dns.message',
          attributeConfidence.hostnameFromMdns,
          observation,
        );
      } else if (record.type === 'HINFO' && record.value !== undefined) {
        // Avahi publishes the host's CPU and OS this way (`X86_64;LINUX`).
        book.addAttribute(
          sender,
          'mdns.hinfo',
          record.value,
          'dns.message',
          attributeConfidence.hostnameFromMdns,
          observation,
        );
      } else if (
        record.type === 'PTR' &&
        record.name.startsWith('_') &&
        !record.name.startsWith('_services.')
      ) {
        book.addAttribute(
          sender,
          'mdns.service',
          record.name,
          'dns.message',
          attributeConfidence.hostnameFromMdns,
          observation,
        );
      }
    }
    return;
  }
  if (observation.protocol === 'llmnr') {
    // An LLMNR responder answers only for its own name (RFC 4795 §2.1).
    for (const record of observation.answers) {
      if ((record.type === 'A' || record.type === 'AAAA') && record.value === observation.sender.ip)
        book.addAttribute(
          sender,
          'hostname',
          record.name,
          'dns.message',
          attributeConfidence.hostnameFromMdns,
          observation,
        );
    }
    return;
  }
  if (observation.protocol === 'dns' && observation.sender.port === 53) {
    book.addAttribute(
      sender,
      'role',
      'dns-server',
      'dns.message',
      attributeConfidence.roleFromBehaviour,
      observation,
    );
    for (const record of observation.answers) {
      if ((record.type === 'A' || record.type === 'AAAA') && record.value !== undefined) {
        book.annotateAddress(
          record.value,
          'hostname',
          record.name,
          'dns.answer',
          attributeConfidence.hostnameFromDnsAnswer,
          observation,
        );
      }
    }
  }
}
