import { run } from './tools.js';

/** One row per packet with the fields asked for, as tshark decodes them independently of Vigil. */
export function tsharkFields(
  file: string,
  fields: readonly string[],
  displayFilter?: string,
  extraArgs: readonly string[] = [],
): string[][] {
  const args = ['-r', file, '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=f', ...extraArgs];
  if (displayFilter) args.push('-Y', displayFilter);
  for (const field of fields) args.push('-e', field);
  return run('tshark', args)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

export function tsharkPacketCount(file: string): number {
  return tsharkFields(file, ['frame.number']).length;
}

export interface OracleConversation {
  /** `address:port` of both ends, sorted, so either direction finds it. */
  key: string;
  packets: number;
  bytes: number;
  /** Bytes sent by each `address:port`. */
  bytesFrom: Map<string, number>;
}

/**
 * Per-conversation frames and bytes (frame.len, the wire length) for TCP or UDP, grouped by
 * tshark's own stream index. The same figures `tshark -z conv,tcp` prints, without its rounding.
 */
export function tsharkConversations(file: string, protocol: 'tcp' | 'udp'): Map<string, OracleConversation> {
  const rows = tsharkFields(
    file,
    [
      `${protocol}.stream`,
      'ip.src',
      'ipv6.src',
      `${protocol}.srcport`,
      'ip.dst',
      'ipv6.dst',
      `${protocol}.dstport`,
      'frame.len',
    ],
    // Only datagrams whose transport header tshark saw in this frame, as Vigil accounts them.
    `${protocol} && !(ip.flags.mf == 1 || ip.frag_offset > 0)`,
  );
  const conversations = new Map<string, OracleConversation>();
  for (const [
    stream,
    ip4Source,
    ip6Source,
    sourcePort,
    ip4Destination,
    ip6Destination,
    destinationPort,
    frameLength,
  ] of rows) {
    const source = `${ip4Source || ip6Source}:${sourcePort}`;
    const destination = `${ip4Destination || ip6Destination}:${destinationPort}`;
    const key = [source, destination].sort().join(' ');
    const conversation = conversations.get(`${stream}`) ?? {
      key,
      packets: 0,
      bytes: 0,
      bytesFrom: new Map(),
    };
    conversation.packets += 1;
    conversation.bytes += Number(frameLength);
    conversation.bytesFrom.set(source, (conversation.bytesFrom.get(source) ?? 0) + Number(frameLength));
    conversations.set(`${stream}`, conversation);
  }
  return new Map([...conversations.values()].map((conversation) => [conversation.key, conversation]));
}
