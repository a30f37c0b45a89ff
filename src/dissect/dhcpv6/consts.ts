/** UDP ports of DHCPv6 (RFC 8415 §7.2). */
export const dhcpv6ClientPort = 546;
export const dhcpv6ServerPort = 547;

/** Message types (RFC 8415 §7.3); relay messages (12, 13) have another layout and are not read. */
export const dhcpv6MessageTypes: Record<number, string> = {
  1: 'solicit',
  2: 'advertise',
  3: 'request',
  4: 'confirm',
  5: 'renew',
  6: 'rebind',
  7: 'reply',
  8: 'release',
  9: 'decline',
  10: 'reconfigure',
  11: 'information-request',
};

/** Messages a client sends; the rest come from servers. */
export const clientMessageTypes: ReadonlySet<number> = new Set([1, 3, 4, 5, 6, 8, 9, 11]);

/** Option codes Vigil reads (RFC 8415 §21, RFC 4704). */
export const Dhcpv6Option = {
  clientId: 1,
  identityAssociationNonTemporary: 3,
  identityAssociationAddress: 5,
  optionRequest: 6,
  vendorClass: 16,
  clientFqdn: 39,
} as const;

/** DUID types that embed a link-layer address (RFC 8415 §11.2, §11.4). */
export const duidLinkLayerPlusTime = 1;
export const duidLinkLayer = 3;
