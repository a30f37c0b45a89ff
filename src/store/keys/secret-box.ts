import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyMaterial } from './store-keys.js';

const format = 'sealed1';

/** Thrown when a sealed value cannot be opened: the message says which key it needs. */
export class SealedValueError extends Error {}

/**
 * AES-256-GCM over short secrets (TOTP seeds) with a key kept outside the database. A sealed
 * value reads `sealed1.<key id>.<iv>.<ciphertext>.<tag>` (base64url), so a value sealed by
 * another key is named, not misread.
 *
 * @example
 * const box = new SecretBox(keys.secrets);
 * box.open(box.seal('JBSWY3DPEHPK3PXP')); // 'JBSWY3DPEHPK3PXP'
 */
export class SecretBox {
  constructor(private readonly key: KeyMaterial) {}

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key.bytes, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const parts = [iv, body, cipher.getAuthTag()].map((part) => part.toString('base64url'));
    return [format, this.key.id, ...parts].join('.');
  }

  /** Whether a stored value is sealed (values stored before sealing existed are not). */
  static isSealed(value: string): boolean {
    return value.startsWith(`${format}.`);
  }

  open(sealed: string): string {
    const [prefix, keyId, iv, body, tag] = sealed.split('.');
    if (prefix !== format || iv === undefined || body === undefined || tag === undefined)
      throw new SealedValueError(`expected a value in the ${format} format`);
    if (keyId !== this.key.id)
      throw new SealedValueError(
        `sealed with key ${keyId}, but the key folder holds key ${this.key.id} (is VIGIL_KEYS this store's?)`,
      );
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key.bytes, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new SealedValueError('the sealed value was altered (its authentication tag does not match)');
    }
  }
}
