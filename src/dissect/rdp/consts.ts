/** TPKT (RFC 1006) version byte, and the X.224 (ISO 8073) TPDU codes of connection setup. */
export const tpktVersion = 3;
export const X224Code = { connectionRequest: 0xe0, connectionConfirm: 0xd0 } as const;

/** RDP negotiation structures in the X.224 user data ([MS-RDPBCGR] §2.2.1.1.1, §2.2.1.2.1–2). */
export const RdpNegotiationType = { request: 0x01, response: 0x02, failure: 0x03 } as const;

/** Security protocols by flag ([MS-RDPBCGR] §2.2.1.1.1 requestedProtocols). */
export const rdpProtocolFlags: readonly [number, string][] = [
  [0x1, 'tls'],
  [0x2, 'credssp'],
  [0x4, 'rdstls'],
  [0x8, 'credssp-early-user-auth'],
  [0x10, 'rdsaad'],
];

/** Names the flags set in `value`; 0 means standard RDP security (RC4, no server authentication). */
export function rdpProtocolNames(value: number): string[] {
  if (value === 0) return ['rdp'];
  return rdpProtocolFlags.filter(([flag]) => (value & flag) !== 0).map(([, name]) => name);
}

/** The TPKT length field bounds a connection request; real ones are under a hundred bytes. */
export const maxConnectionPduBytes = 4_096;
export const rdpPort = 3389;
