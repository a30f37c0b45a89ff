import { formatCaptureError } from '../capture/capture-error.js';
import { openCapture } from '../capture/open-capture.js';
import { defaultPipelineConfig } from '../config/defaults.js';
import type { FlowRecord } from '../flows/flow-record.js';
import { PacketPipeline } from '../ingest/packet-pipeline.js';

/** A conversation as policy sees it: who opened it to whom, over which transport and service port. */
export interface PolicyFlow {
  src: string;
  dst: string;
  /** IANA protocol number. */
  protocol: number;
  /** The responder's port; 0 for ICMP. */
  port: number;
  packets: number;
  bytes: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Flows this stands for: 1, or more for a conversation the store summed. */
  count: number;
  /**
   * The responder took the conversation: for TCP it accepted the connection (a SYN-ACK) or, when
   * the capture began mid-connection, sent anything other than resets; every other transport
   * counts as answered, since one-way UDP (syslog, SNMP traps) is normal. A refused connection
   * (a probe met by a reset, a SYN never answered) did not work, so a policy neither learns it
   * nor breaks anything by blocking it.
   */
  answered: boolean;
}

/** See `PolicyFlow.answered`; the same test the store's `conversations` runs in SQL. */
export function isAnswered(
  protocol: number,
  packetsFromResponder: number,
  tcpFlagsFromResponder: number,
): boolean {
  if (protocol !== 6 || (tcpFlagsFromResponder & 0x02) !== 0) return true;
  // Only resets (RST, or RST-ACK) from the responder: refused.
  return packetsFromResponder > 0 && (tcpFlagsFromResponder | 0x10) !== 0x14;
}

export function policyFlowOfRecord(flow: FlowRecord): PolicyFlow {
  return {
    src: flow.initiator.address,
    dst: flow.responder.address,
    protocol: flow.protocol,
    port: flow.responder.port,
    packets: flow.packetsFromInitiator + flow.packetsFromResponder,
    bytes: flow.bytesFromInitiator + flow.bytesFromResponder,
    firstSeenMs: flow.firstSeenMs,
    lastSeenMs: flow.lastSeenMs,
    count: 1,
    answered: isAnswered(flow.protocol, flow.packetsFromResponder, flow.tcpFlagsFromResponder),
  };
}

/**
 * The flows of a capture, in the order they end, through the flow table alone: a simulation needs
 * who talked to whom, not what the dissectors would say. Malformed packets are counted by the
 * decoder and skipped, as an ingest skips them.
 */
export async function readCaptureFlows(
  path: string,
  onFlow: (flow: PolicyFlow) => void,
): Promise<{ packets: number; captureErrors: number; firstCaptureError: string | null }> {
  const capture = await openCapture(path);
  const pipeline = new PacketPipeline(
    path,
    defaultPipelineConfig,
    (observation) => {
      if (observation.kind === 'flow.summary') onFlow(policyFlowOfRecord(observation.flow));
    },
    [],
    [],
  );
  try {
    const summary = await capture.reader.read(pipeline.handlePacket);
    pipeline.finish();
    const [first] = summary.errors;
    return {
      packets: summary.packets,
      captureErrors: summary.errorCount,
      firstCaptureError: first === undefined ? null : formatCaptureError(first),
    };
  } finally {
    await capture.close();
  }
}
