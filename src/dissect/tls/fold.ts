import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type {
  TlsCertificateObservation,
  TlsClientHelloObservation,
  TlsServerHelloObservation,
} from './observation.js';

/** The port IANA assigns to DICOM over TLS ("dicom-tls"). */
const dicomTlsPort = 2762;

/**
 * TLS: the ClientHello fingerprints the client's TLS stack (JA3, JA4) and names the server (SNI);
 * the ServerHello shows what the server agrees to (a deprecated version is a finding); the
 * certificate names the server as its owner configured it. TLS on DICOM's TLS port is DICOM TLS.
 */
export function foldTls(
  book: DraftBook,
  observation: TlsClientHelloObservation | TlsServerHelloObservation | TlsCertificateObservation,
): void {
  const server = book.deviceForIp(observation.server.ip, observation);
  book.addProtocol(server, 'tls', observation.timestampMs);
  if (observation.server.port === dicomTlsPort) {
    // DICOM's TLS port (PS3.15 Annex B.1): the association inside is encrypted, which is the point.
    book.addProtocol(server, 'dicom-tls', observation.timestampMs);
    book.addProtocol(
      book.deviceForIp(observation.client.ip, observation),
      'dicom-tls',
      observation.timestampMs,
    );
  }
  const confidence = attributeConfidence.softwareFromBanner;
  switch (observation.kind) {
    case 'tls.client-hello': {
      const client = book.deviceForIp(observation.client.ip, observation);
      book.addProtocol(client, 'tls', observation.timestampMs);
      book.addAttribute(client, 'tls.ja3', observation.ja3, observation.kind, confidence, observation);
      book.addAttribute(client, 'tls.ja4', observation.ja4, observation.kind, confidence, observation);
      if (observation.serverName !== undefined) {
        book.addAttribute(
          server,
          'tls.server-name',
          observation.serverName,
          observation.kind,
          confidence,
          observation,
        );
      }
      break;
    }
    case 'tls.server-hello':
      book.addAttribute(
        server,
        'tls.version',
        observation.version,
        observation.kind,
        attributeConfidence.roleFromBehaviour,
        observation,
      );
      book.addAttribute(server, 'tls.ja3s', observation.ja3s, observation.kind, confidence, observation);
      if (observation.isDeprecatedVersion) book.addFinding(server, 'deprecated-tls', observation);
      break;
    case 'tls.certificate':
      book.addAttribute(
        server,
        'tls.certificate-subject',
        observation.subject,
        observation.kind,
        confidence,
        observation,
      );
      book.addAttribute(
        server,
        'tls.certificate-issuer',
        observation.issuer,
        observation.kind,
        confidence,
        observation,
      );
      book.addAttribute(
        server,
        'tls.certificate-valid-to',
        observation.validTo,
        observation.kind,
        confidence,
        observation,
      );
      break;
  }
}
