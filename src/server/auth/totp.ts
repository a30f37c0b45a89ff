import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** RFC 6238 defaults every authenticator app reads: SHA-1, six digits, 30-second steps. */
const periodSeconds = 30;
/** One step either side, for clocks a little apart (RFC 6238 §5.2). */
const windowSteps = 1;

function totpFor(secret: string, username = 'user'): TOTP {
  return new TOTP({
    issuer: 'Vigil',
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: periodSeconds,
    secret: Secret.fromBase32(secret),
  });
}

/** A new 160-bit secret in base32 (RFC 4226 §4 recommends 160 bits). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI an authenticator app scans. */
export function totpUri(secret: string, username: string): string {
  return totpFor(secret, username).toString();
}

/** The URI as an SVG QR code, for the browser. */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The URI as a QR code drawn in a terminal, for the first administrator. */
export function totpQrTerminal(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'terminal', small: true });
}

/** The code for a time, as an authenticator app shows it (tests and the demo use it). */
export function totpCode(secret: string, atMs: number): string {
  return totpFor(secret).generate({ timestamp: atMs });
}

/**
 * The time step a code belongs to, when it is valid at `atMs` and newer than the last step
 * accepted (a code is used once, RFC 6238 §5.2); else null.
 */
export function acceptedTotpStep(
  secret: string,
  code: string,
  atMs: number,
  lastStep: number | null,
): number | null {
  if (!/^\d{6}$/.test(code.trim())) return null;
  const delta = totpFor(secret).validate({ token: code.trim(), timestamp: atMs, window: windowSteps });
  if (delta === null) return null;
  const step = Math.floor(atMs / 1000 / periodSeconds) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}
