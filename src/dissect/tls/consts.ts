/** TLS record content types (RFC 8446 §5.1). */
export const TlsContentType = {
  changeCipherSpec: 20,
  alert: 21,
  handshake: 22,
  applicationData: 23,
} as const;

/** Handshake message types (RFC 8446 §4). */
export const TlsHandshakeType = { clientHello: 1, serverHello: 2, certificate: 11 } as const;

/** Extension code points read for fingerprints and identity (IANA TLS ExtensionType registry). */
export const TlsExtension = {
  serverName: 0x0000,
  supportedGroups: 0x000a,
  ecPointFormats: 0x000b,
  signatureAlgorithms: 0x000d,
  alpn: 0x0010,
  supportedVersions: 0x002b,
} as const;

export const tlsVersionNames: Record<number, string> = {
  768: 'SSLv3',
  769: 'TLSv1.0',
  770: 'TLSv1.1',
  771: 'TLSv1.2',
  772: 'TLSv1.3',
};

/** Versions RFC 8996 deprecates (and SSLv3, RFC 7568): a server that chooses one is a finding. */
export function isDeprecatedTlsVersion(version: number): boolean {
  return version >= 0x0300 && version < 0x0303;
}

/** GREASE values (RFC 8701) are noise by design: fingerprints leave them out. */
export function isGrease(value: number): boolean {
  return (value & 0x0f0f) === 0x0a0a && value >> 8 === (value & 0xff);
}

/** Handshake bytes held per direction before the parser gives up (certificate chains are the largest). */
export const maxHandshakeBytes = 64 * 1024;
