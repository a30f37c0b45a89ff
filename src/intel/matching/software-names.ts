import { readFileSync } from 'node:fs';
import { projectFile } from '../../project-files.js';
import { normaliseName } from './names.js';

/** A banner's software as NVD names it. */
export interface SoftwareProduct {
  vendor: string;
  product: string;
}

/** Software a device announces: the name and version its banner gives, and where it was seen. */
export interface AnnouncedSoftware {
  name: string;
  version: string;
  /** The attribute it came from (`software`, `http.server`). */
  basis: string;
}

/**
 * `OpenSSH 9.2p1`, `Apache/2.4.57 (Debian)`, `GoAhead-Webs/2.5.0`, `Samba 4.17.12-Debian`,
 * `OFFIS_DCMTK_367` (DICOM implementation version names drop the dots): the name and version, or
 * null when the banner gives no version.
 */
export function parseSoftwareBanner(banner: string, basis: string): AnnouncedSoftware | null {
  // A DICOM implementation is written with its class UID after it: `OFFIS_DCMTK_367 (1.2.276.…)`.
  const text = banner.replace(/\s*\(\d+(?:\.\d+)+\)\s*$/, '');
  const dcmtk = /^OFFIS_DCMTK_(\d)(\d)(\d+)$/i.exec(text.trim());
  if (dcmtk !== null) return { name: 'DCMTK', version: `${dcmtk[1]}.${dcmtk[2]}.${dcmtk[3]}`, basis };
  const match = /^([A-Za-z][A-Za-z0-9 ._-]*?)[/_ -]v?(\d+(?:\.\d+)+[A-Za-z0-9]*)/.exec(text.trim());
  if (match === null) return null;
  return { name: (match[1] as string).trim(), version: match[2] as string, basis };
}

/**
 * Maps banner names to NVD's vendor and product, from `data/intel/software-names.json`.
 *
 * @example
 * SoftwareNames.load().productOf('OpenSSH') // { vendor: 'openbsd', product: 'openssh' }
 */
export class SoftwareNames {
  readonly #products = new Map<string, SoftwareProduct>();

  constructor(software: Record<string, SoftwareProduct>) {
    for (const [name, product] of Object.entries(software)) this.#products.set(normaliseName(name), product);
  }

  static load(path = projectFile('data', 'intel', 'software-names.json')): SoftwareNames {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { software?: Record<string, SoftwareProduct> };
    if (typeof parsed.software !== 'object' || parsed.software === null) {
      throw new Error(`${String(path)}: expected an object "software" of banner name → { vendor, product }`);
    }
    return new SoftwareNames(parsed.software);
  }

  productOf(name: string): SoftwareProduct | undefined {
    return this.#products.get(normaliseName(name));
  }
}
