import type { StoredFlow } from '../../src/store/flow-repository.js';
import type { OracleConversation } from './tshark-oracle.js';

/** Vigil's stored flows of one protocol in the oracle's shape, for a like-for-like comparison. */
export function vigilConversations(
  flows: readonly StoredFlow[],
  protocol: number,
): Map<string, OracleConversation> {
  const conversations = new Map<string, OracleConversation>();
  for (const flow of flows) {
    if (flow.protocol !== protocol) continue;
    const initiator = `${flow.initiator.address}:${flow.initiator.port}`;
    const responder = `${flow.responder.address}:${flow.responder.port}`;
    const key = [initiator, responder].sort().join(' ');
    conversations.set(key, {
      key,
      packets: flow.packetsFromInitiator + flow.packetsFromResponder,
      bytes: flow.bytesFromInitiator + flow.bytesFromResponder,
      // Like the oracle, name only the ends that sent something.
      bytesFrom: new Map(
        [[initiator, flow.bytesFromInitiator] as const, [responder, flow.bytesFromResponder] as const].filter(
          ([, bytes]) => bytes > 0,
        ),
      ),
    });
  }
  return conversations;
}
