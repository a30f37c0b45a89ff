import type { Remediation, RuleStatus } from '../advisory.js';
import type { RangeVerdict } from '../version/version-range.js';
import type { ProductMatch } from './product-match.js';

/** Why a device matched one advisory rule. */
export interface MatchEvidence {
  origin: string;
  productId: string | null;
  cpe: string | null;
  advisoryVendor: string;
  advisoryProduct: string;
  versions: string;
  status: RuleStatus;
  deviceVendor: string;
  vendorBasis: string;
  deviceModel: string | null;
  deviceFirmware: string | null;
  productMatch: ProductMatch['how'];
  versionVerdict: RangeVerdict;
  condition: string | null;
  /** What the match went through instead of the device's own model (an SBOM component, a banner), or null. */
  via: string | null;
  confidence: number;
  remediations: Remediation[];
  /** The evidence in one sentence, for people. */
  why: string;
}

const productPhrase: Record<ProductMatch['how'], string> = {
  exact: 'is',
  'model-in-product': 'is named in',
  'product-family': 'belongs to the family',
};

/**
 * Evidence as the matcher makes it. Matching a fleet makes millions of these and keeps few, so
 * the sentence is written only when read, and is part of the JSON stored.
 */
export class RuleMatchEvidence implements MatchEvidence {
  readonly origin!: string;
  readonly productId!: string | null;
  readonly cpe!: string | null;
  readonly advisoryVendor!: string;
  readonly advisoryProduct!: string;
  readonly versions!: string;
  readonly status!: RuleStatus;
  readonly deviceVendor!: string;
  readonly vendorBasis!: string;
  readonly deviceModel!: string | null;
  readonly deviceFirmware!: string | null;
  readonly productMatch!: ProductMatch['how'];
  readonly versionVerdict!: RangeVerdict;
  readonly condition!: string | null;
  readonly via!: string | null;
  readonly confidence!: number;
  readonly remediations!: Remediation[];

  constructor(fields: Omit<MatchEvidence, 'why'>) {
    Object.assign(this, fields);
  }

  get why(): string {
    const identity = this.via === null ? 'device' : `${this.vendorBasis}: ${this.via}`;
    const versionText =
      this.deviceFirmware === null
        ? `version unknown, advisory names ${this.versions}`
        : this.versionVerdict === 'inside'
          ? `${this.deviceFirmware} is within ${this.versions}`
          : `${this.deviceFirmware} cannot be compared with ${this.versions}`;
    return (
      `${identity}: vendor "${this.deviceVendor}" (${this.vendorBasis}) is "${this.advisoryVendor}"; ` +
      `${this.via === null ? 'model' : 'product'} "${this.deviceModel}" ${productPhrase[this.productMatch]} "${this.advisoryProduct}"` +
      `${this.productId === null ? '' : ` (${this.productId})`}${this.cpe === null ? '' : ` (${this.cpe})`}; ${versionText}` +
      `${this.condition === null ? '' : `; not checked: ${this.condition}`}; per ${this.origin}`
    );
  }

  toJSON(): MatchEvidence {
    return { ...this, why: this.why };
  }
}
