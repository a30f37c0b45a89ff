import { IpProtocol, type PacketView } from '../../decode/packet-view.js';
import { printableText } from '../../observe/printable-text.js';
import { type DissectContext, type Dissector, evidenceOf, packetEndpoint } from '../dissector.js';
import type { Protocol } from '../protocol.js';
import { foldSyslog } from './fold.js';
import { parseSyslogHeader } from './header.js';
import type { SyslogMessageObservation } from './observation.js';

const syslogPort = 514;
/** Enough for PRI, version, timestamp, host and app name; the message text is never read. */
const maxHeaderBytes = 256;

/**
 * Syslog over UDP (RFC 5424, RFC 3164): who sends logs where, with the facility, severity, host
 * name and application of each message. The message text is not kept: interface engines and
 * clinical systems log patient data.
 */
export const syslogDissector: Dissector = {
  protocol: 'syslog',
  matches: (view) =>
    view.hasTransport && view.ipProtocol === IpProtocol.udp && view.destinationPort === syslogPort,
  dissect(view: PacketView, context: DissectContext): void {
    const length = Math.min(view.payloadLength, maxHeaderBytes);
    const text = view.packet.data.toString('latin1', view.payloadOffset, view.payloadOffset + length);
    const header = parseSyslogHeader(text);
    if (header === undefined) {
      context.counters.countMalformed('syslog');
      return;
    }
    context.emit({
      kind: 'syslog.message',
      timestampMs: view.packet.timestampMs,
      evidence: evidenceOf(view, context),
      sender: packetEndpoint(view, true),
      receiver: packetEndpoint(view, false),
      format: header.format,
      facility: header.facility,
      severity: header.severity,
      hostname: header.hostname === undefined ? undefined : printableText(header.hostname, 255),
      appName: header.appName === undefined ? undefined : printableText(header.appName, 48),
    });
  },
};

/** Syslog: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const syslogProtocol: Protocol<SyslogMessageObservation> = {
  name: 'syslog',
  packetDissector: syslogDissector,
  kinds: ['syslog.message'],
  fold: foldSyslog,
};
