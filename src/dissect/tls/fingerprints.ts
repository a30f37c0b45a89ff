import { createHash } from 'node:crypto';
import { isGrease } from './consts.js';
import type { ClientHello, ServerHello } from './hello.js';

const withoutGrease = (values: readonly number[]) => values.filter((value) => !isGrease(value));

/** JA3 (Salesforce): version, ciphers, extensions, groups, point formats as decimals; MD5 of that. */
export function ja3(hello: ClientHello): { text: string; hash: string } {
  const text = [
    String(hello.legacyVersion),
    withoutGrease(hello.cipherSuites).join('-'),
    withoutGrease(hello.extensions).join('-'),
    withoutGrease(hello.supportedGroups).join('-'),
    hello.ecPointFormats.join('-'),
  ].join(',');
  return { text, hash: createHash('md5').update(text).digest('hex') };
}

/** JA3S: the server's version, chosen cipher and extensions; MD5 of that. */
export function ja3s(hello: ServerHello): { text: string; hash: string } {
  const text = [hello.legacyVersion, hello.cipherSuite, withoutGrease(hello.extensions).join('-')].join(',');
  return { text, hash: createHash('md5').update(text).digest('hex') };
}

const ja4Versions: Record<number, string> = { 772: '13', 771: '12', 770: '11', 769: '10', 768: 's3' };
const hex4 = (value: number) => value.toString(16).padStart(4, '0');
const sha256Prefix = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/**
 * JA4 (FoxIO, "JA4: TLS Client Fingerprinting"): `t` for TCP; the highest offered version; `d`
 * when SNI names a domain, else `i`; cipher and extension counts; first and last character of the
 * first ALPN value; then truncated SHA-256 of the sorted ciphers, and of the sorted extensions
 * (without SNI and ALPN) joined by `_` to the signature algorithms in the order sent.
 */
export function ja4(hello: ClientHello, transport: 't' | 'q' = 't'): string {
  const ciphers = withoutGrease(hello.cipherSuites);
  const extensions = withoutGrease(hello.extensions);
  const versions = withoutGrease(hello.supportedVersions);
  const version = versions.length > 0 ? Math.max(...versions) : hello.legacyVersion;
  const sni = extensions.includes(0x0000) ? 'd' : 'i';
  const count = (length: number) => String(Math.min(length, 99)).padStart(2, '0');
  const a = `${transport}${ja4Versions[version] ?? '00'}${sni}${count(ciphers.length)}${count(extensions.length)}${alpnCode(hello.alpn[0])}`;
  const b =
    ciphers.length === 0
      ? '000000000000'
      : sha256Prefix(
          [...ciphers]
            .sort((x, y) => x - y)
            .map(hex4)
            .join(','),
        );
  const sortedExtensions = extensions
    .filter((extension) => extension !== 0x0000 && extension !== 0x0010)
    .sort((x, y) => x - y)
    .map(hex4)
    .join(',');
  const signatures = withoutGrease(hello.signatureAlgorithms).map(hex4).join(',');
  const c =
    sortedExtensions === ''
      ? '000000000000'
      : sha256Prefix(signatures === '' ? sortedExtensions : `${sortedExtensions}_${signatures}`);
  return `${a}_${b}_${c}`;
}

/** First and last character of the ALPN value; hex of the first and last byte when not alphanumeric. */
function alpnCode(alpn: string | undefined): string {
  if (alpn === undefined || alpn === '') return '00';
  const first = alpn[0]!;
  const last = alpn[alpn.length - 1]!;
  if (/^[0-9A-Za-z]$/.test(first) && /^[0-9A-Za-z]$/.test(last)) return `${first}${last}`;
  const bytes = Buffer.from(alpn, 'latin1');
  return `${bytes[0]!.toString(16).padStart(2, '0')[0]}${bytes[bytes.length - 1]!.toString(16).padStart(2, '0')[1]}`;
}
