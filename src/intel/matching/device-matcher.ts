import { withArticle } from '../../plain-words.js';
import { describeRange, rangeVerdict } from '../version/version-range.js';
import { type MatchEvidence, RuleMatchEvidence } from './match-evidence.js';
import { matchProduct, type ProductMatch, productWords } from './product-match.js';
import type { IndexedRule, ProductGroup, RuleIndex } from './rule-index.js';
import type { AnnouncedSoftware, SoftwareNames } from './software-names.js';

/** What the inventory knows of a device that matching reads. */
export interface DeviceIdentity {
  deviceId: string;
  /** Names the device's maker goes by here, each with how far it is trusted and why. */
  vendors: { name: string; confidence: number; basis: string }[];
  model: string | null;
  firmware: string | null;
  /** Software the device announces in banners (SSH, HTTP Server, SMB), each with a version. */
  software?: AnnouncedSoftware[];
  /**
   * Banners that may name the device's own product and version (`Baxter Spectrum IQ 9.11.03` at
   * a telnet login), each with the attribute it came from: read only while the model is unknown.
   */
  productBanners?: { text: string; basis: string }[];
  /** The distribution its operating system hints name (`Debian`), whose builds backport fixes; or null. */
  distribution?: string | null;
}

/** A device affected by a vulnerability, as far as the feeds and the inventory tell. */
export interface VulnerabilityMatch {
  deviceId: string;
  vulnerabilityId: string;
  confidence: number;
  /**
   * `certain`: vendor, product and version all agree with an affected rule at confidence 0.7 or
   * more and no condition is left unchecked; `uncertain` otherwise (shown, never hidden).
   */
  certainty: 'certain' | 'uncertain';
  evidence: MatchEvidence[];
}

/** Below this a match is not worth showing: a guess on a guess. */
export const minimumMatchConfidence = 0.25;
/** A banner names software honestly but is easily changed or left stale (attribute-confidence.ts). */
const bannerConfidence = 0.7;
const certainAtLeast = 0.7;
const versionUnknownFactor = 0.5;
const conditionFactor = 0.8;

/** One way of reaching a product: the device itself or one SBOM component of it. */
export interface MatchSubject {
  /** The vendor's key, or '' when only the product's name is known (then only exact product names match). */
  vendorKey: string;
  vendorName: string;
  vendorConfidence: number;
  vendorBasis: string;
  modelWords: string[];
  model: string | null;
  version: string | null;
  /** What the match goes through instead of the device's own model: an SBOM component, a banner. */
  via: string | null;
  /** What the subject leaves open (a distribution's backported fixes), or null. */
  condition: string | null;
}

/**
 * Matches devices against a rule index. Devices of one model share their product comparisons
 * (a hospital has hundreds of identical pumps), so the cost grows with distinct models, not
 * devices.
 *
 * @example
 * const matcher = new DeviceMatcher(index);
 * const matches = matcher.match({ deviceId, vendors: [{ name: 'BD', confidence: 1, basis: 'self-described' }], model: 'Alaris 8015', firmware: '9.19.2' });
 */
export class DeviceMatcher {
  readonly #index: RuleIndex;
  readonly #software: SoftwareNames | null;
  readonly #productCache = new Map<string, { group: ProductGroup; match: ProductMatch }[]>();

  constructor(index: RuleIndex, software: SoftwareNames | null = null) {
    this.#index = index;
    this.#software = software;
  }

  /** The subjects a device's own identity gives: one per vendor name known for it. */
  subjectsOf(device: DeviceIdentity): MatchSubject[] {
    const names = this.#index.vendorNames;
    const seen = new Set<string>();
    const subjects: MatchSubject[] = [];
    for (const vendor of [...device.vendors].sort((a, b) => b.confidence - a.confidence)) {
      const vendorKey = names.keyOf(vendor.name);
      if (seen.has(vendorKey) || device.model === null) continue;
      seen.add(vendorKey);
      subjects.push({
        vendorKey,
        vendorName: vendor.name,
        vendorConfidence: vendor.confidence,
        vendorBasis: vendor.basis,
        modelWords: productWords(device.model, vendorKey),
        model: device.model,
        version: device.firmware,
        via: null,
        condition: null,
      });
    }
    if (device.model === null) subjects.push(...this.#bannerSubjects(device));
    for (const software of device.software ?? []) {
      const product = this.#software?.productOf(software.name);
      if (product === undefined) continue;
      const vendorKey = names.keyOf(product.vendor);
      subjects.push({
        vendorKey,
        vendorName: product.vendor,
        vendorConfidence: bannerConfidence,
        vendorBasis: `software banner (${software.basis})`,
        modelWords: productWords(product.product, vendorKey),
        model: product.product,
        version: software.version,
        via: `${software.name} ${software.version}`,
        condition:
          device.distribution === null || device.distribution === undefined
            ? null
            : `${withArticle(`${device.distribution} build`)} may carry the fix without its version changing`,
      });
    }
    return subjects;
  }

  /**
   * A banner that opens with a name of the device's own maker and ends in a version names its
   * product (`Baxter Spectrum IQ 9.11.03`): the device is matched as that product, at no more than
   * a banner's confidence, and the evidence says which banner said so.
   */
  #bannerSubjects(device: DeviceIdentity): MatchSubject[] {
    const names = this.#index.vendorNames;
    const subjects: MatchSubject[] = [];
    for (const banner of device.productBanners ?? []) {
      const parsed = /^\s*([A-Za-z][^\r\n]*?)\s+v?(\d+(?:\.\d+)+[A-Za-z0-9]*)\b/.exec(banner.text);
      if (parsed === null) continue;
      const product = parsed[1] as string;
      const vendor = device.vendors.find((candidate) => names.keyOf(candidate.name) === names.keyOf(product));
      if (vendor === undefined) continue;
      const vendorKey = names.keyOf(vendor.name);
      const modelWords = productWords(product, vendorKey);
      if (modelWords.length === 0) continue;
      subjects.push({
        vendorKey,
        vendorName: vendor.name,
        vendorConfidence: Math.min(vendor.confidence, bannerConfidence),
        vendorBasis: `${vendor.basis}; product named by the ${banner.basis}`,
        modelWords,
        model: product,
        version: parsed[2] as string,
        via: `${banner.basis} "${banner.text.trim()}"`,
        condition: null,
      });
    }
    return subjects;
  }

  match(device: DeviceIdentity, extraSubjects: readonly MatchSubject[] = []): VulnerabilityMatch[] {
    const byVulnerability = new Map<string, MatchEvidence[]>();
    const excluded = new Set<string>();
    for (const subject of [...this.subjectsOf(device), ...extraSubjects]) {
      for (const { group, match } of this.#productsFor(subject)) {
        for (const entry of group.rules) {
          const evidence = this.#evidence(subject, match, entry);
          if (evidence === null) continue;
          if (evidence.status !== 'affected' && evidence.status !== 'under-investigation') {
            // A fixed or not-affected statement that covers this version settles it.
            if (evidence.versionVerdict === 'inside') excluded.add(entry.vulnerabilityId);
            continue;
          }
          const list = byVulnerability.get(entry.vulnerabilityId);
          if (list === undefined) byVulnerability.set(entry.vulnerabilityId, [evidence]);
          else list.push(evidence);
        }
      }
    }
    const matches: VulnerabilityMatch[] = [];
    for (const [vulnerabilityId, evidence] of byVulnerability) {
      if (excluded.has(vulnerabilityId)) continue;
      evidence.sort((a, b) => b.confidence - a.confidence);
      const best = evidence[0] as MatchEvidence;
      if (best.confidence < minimumMatchConfidence) continue;
      const isCertain =
        best.confidence >= certainAtLeast &&
        best.versionVerdict === 'inside' &&
        best.condition === null &&
        best.status === 'affected';
      matches.push({
        deviceId: device.deviceId,
        vulnerabilityId,
        confidence: Math.round(best.confidence * 1000) / 1000,
        certainty: isCertain ? 'certain' : 'uncertain',
        evidence,
      });
    }
    return matches.sort(
      (a, b) => b.confidence - a.confidence || a.vulnerabilityId.localeCompare(b.vulnerabilityId),
    );
  }

  #productsFor(subject: MatchSubject): { group: ProductGroup; match: ProductMatch }[] {
    const key = `${subject.vendorKey}\u0000${subject.modelWords.join(' ')}`;
    const cached = this.#productCache.get(key);
    if (cached !== undefined) return cached;
    const found: { group: ProductGroup; match: ProductMatch }[] = [];
    if (subject.vendorKey === '') {
      // No vendor to go by (a package URL's name): only a product of exactly these words will do.
      for (const group of this.#index.productsNamed(subject.modelWords))
        found.push({ group, match: exactProduct });
      this.#productCache.set(key, found);
      return found;
    }
    for (const group of this.#index.productsOf(subject.vendorKey)) {
      const match = matchProduct(subject.modelWords, group.words);
      if (match !== null) found.push({ group, match });
    }
    this.#productCache.set(key, found);
    return found;
  }

  #evidence(subject: MatchSubject, match: ProductMatch, entry: IndexedRule): MatchEvidence | null {
    const { rule } = entry;
    const verdict = rangeVerdict(rule.range, subject.version);
    const condition =
      rule.condition === null
        ? subject.condition
        : subject.condition === null
          ? rule.condition
          : `${rule.condition}; ${subject.condition}`;
    if (verdict === 'outside') return null;
    const confidence =
      subject.vendorConfidence *
      match.confidence *
      (verdict === 'inside' ? 1 : versionUnknownFactor) *
      (condition === null ? 1 : conditionFactor);
    return new RuleMatchEvidence({
      origin: entry.origin,
      productId: rule.productId,
      cpe: rule.cpe,
      advisoryVendor: rule.vendor,
      advisoryProduct: rule.product,
      versions: describeRange(rule.range),
      status: rule.status,
      deviceVendor: subject.vendorName,
      vendorBasis: subject.vendorBasis,
      deviceModel: subject.model,
      deviceFirmware: subject.version,
      productMatch: match.how,
      versionVerdict: verdict,
      condition,
      via: subject.via,
      confidence,
      remediations: rule.remediations,
    });
  }
}

const exactProduct: ProductMatch = { how: 'exact', confidence: 1 };
