import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { SnmpMessageObservation } from './observation.js';

/**
 * SNMP: the agent is the side on port 161. What it answers about itself (sysDescr, sysName,
 * sysObjectID) describes it; answering at all to a default community is a finding — a request
 * with one that goes unanswered is only an attempt.
 */
export function foldSnmp(book: DraftBook, observation: SnmpMessageObservation): void {
  const sender = book.deviceForIp(observation.sender.ip, observation);
  book.addProtocol(sender, 'snmp', observation.timestampMs);
  const isFromAgent = observation.pduType === 'response' && observation.sender.port === 161;
  if (!isFromAgent) return;
  const confidence = attributeConfidence.selfDescription;
  if (observation.sysDescr !== undefined)
    book.addAttribute(
      sender,
      'snmp.sys-descr',
      observation.sysDescr,
      observation.kind,
      confidence,
      observation,
    );
  if (observation.sysName !== undefined)
    book.addAttribute(sender, 'hostname', observation.sysName, observation.kind, confidence, observation);
  if (observation.sysObjectId !== undefined) {
    book.addAttribute(
      sender,
      'snmp.sys-object-id',
      observation.sysObjectId,
      observation.kind,
      confidence,
      observation,
    );
  }
  if (observation.isDefaultCommunity) book.addFinding(sender, 'default-snmp-community', observation);
}
