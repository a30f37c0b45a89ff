/** Most characters of text from an anonymous caller that the audit log keeps. */
const untrustedTextLimit = 64;

/**
 * Text an anonymous caller typed (a user name at a failed sign-in), made safe to record and to
 * show: control, format and bidirectional characters removed (a right-to-left override made
 * `gnp.exe` display as `exe.png`), cut to 64 characters, and quoted as JSON so a reader sees
 * data, not a name the system vouches for.
 *
 * @example
 * untrustedText('admin\u202egnp.exe') // '"admingnp.exe"'
 */
export function untrustedText(text: string): string {
  const clean = text
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .slice(0, untrustedTextLimit);
  return JSON.stringify(clean);
}
