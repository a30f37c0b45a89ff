import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/** A TLS ClientHello (RFC 8446 §4.1.2): what the client offered, and fingerprints of its TLS stack. */
export interface TlsClientHelloObservation extends ObservationBase {
  kind: 'tls.client-hello';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  /** Server Name Indication: the name the client asked for. */
  serverName: string | undefined;
  alpn: string[];
  /** Versions offered (supported_versions, or the legacy field), e.g. `TLSv1.3`. */
  offeredVersions: string[];
  /** JA3 MD5 hash, as tshark's `tls.handshake.ja3`. */
  ja3: string;
  /** JA4 fingerprint, e.g. `t13d1516h2_8daaf6152771_e5627efa2ab1`. */
  ja4: string;
}

/** A TLS ServerHello: the version and cipher suite the server chose. */
export interface TlsServerHelloObservation extends ObservationBase {
  kind: 'tls.server-hello';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  /** e.g. `TLSv1.2`, or `0x….` for an unknown value. */
  version: string;
  /** True for SSLv3, TLS 1.0 and TLS 1.1 (RFC 8996). */
  isDeprecatedVersion: boolean;
  cipherSuite: number;
  /** JA3S MD5 hash, as tshark's `tls.handshake.ja3s`. */
  ja3s: string;
}

/** The server certificate, visible in clear up to TLS 1.2. */
export interface TlsCertificateObservation extends ObservationBase {
  kind: 'tls.certificate';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  subject: string;
  issuer: string;
  /** ISO-8601 validity bounds. */
  validFrom: string;
  validTo: string;
  isSelfSigned: boolean;
}
