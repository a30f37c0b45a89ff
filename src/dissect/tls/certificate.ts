import { X509Certificate } from 'node:crypto';

export interface CertificateSummary {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  isSelfSigned: boolean;
}

/** Reads the first (leaf) certificate of a TLS 1.2 Certificate message body (RFC 5246 §7.4.2). */
export function readLeafCertificate(
  data: Buffer,
  start: number,
  end: number,
): CertificateSummary | undefined {
  if (end - start < 6) return undefined;
  const listLength = data.readUIntBE(start, 3);
  const certificateLength = data.readUIntBE(start + 3, 3);
  if (listLength > end - start - 3 || certificateLength > listLength - 3) return undefined;
  try {
    const certificate = new X509Certificate(data.subarray(start + 6, start + 6 + certificateLength));
    const subject = certificate.subject.replaceAll('\n', ', ');
    const issuer = certificate.issuer.replaceAll('\n', ', ');
    return {
      subject,
      issuer,
      validFrom: new Date(certificate.validFrom).toISOString(),
      validTo: new Date(certificate.validTo).toISOString(),
      isSelfSigned: subject === issuer,
    };
  } catch {
    return undefined;
  }
}
