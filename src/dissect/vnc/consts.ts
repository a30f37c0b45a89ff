/** RFB security types (RFC 6143 §7.1.2 and the IANA registry). */
export const vncSecurityTypeNames: Readonly<Record<number, string>> = {
  0: 'invalid',
  1: 'none',
  2: 'vnc-authentication',
  5: 'ra2',
  6: 'ra2ne',
  16: 'tight',
  17: 'ultra',
  18: 'tls',
  19: 'vencrypt',
  20: 'sasl',
  22: 'xvp',
  30: 'apple-diffie-hellman',
};

export function vncSecurityTypeName(type: number): string {
  return vncSecurityTypeNames[type] ?? `type-${type}`;
}

/** Security type 1: the server lets anyone in without a password. */
export const securityTypeNone = 1;
export const securityTypeVncAuthentication = 2;
/** Desktop names longer than this are cut; the field can announce up to 4 GiB. */
export const maxDesktopNameBytes = 256;
/** Bytes buffered per direction before the handshake is abandoned. */
export const maxHandshakeBytes = 1_024;
