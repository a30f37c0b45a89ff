import { assetSource } from '../inventory/assets/import-assets.js';
import type { DeviceRecord } from '../inventory/device-record.js';
import { overrideSource } from '../inventory/device-record.js';
import type { Store } from '../store/open-store.js';
import { type DeviceIdentity, DeviceMatcher, type VulnerabilityMatch } from './matching/device-matcher.js';
import type { VendorNames } from './matching/names.js';
import { RuleIndex } from './matching/rule-index.js';
import { sbomSubjects } from './matching/sbom-subjects.js';
import { type AnnouncedSoftware, parseSoftwareBanner, SoftwareNames } from './matching/software-names.js';
import type { AttachedSbom } from './sbom/sbom.js';

/**
 * How far the OUI owner stands for the device's maker: medical manufacturers mostly register
 * their own prefixes, but a module maker's prefix is common enough that a match on it alone,
 * short of an exact product name, stays uncertain.
 */
const ouiVendorConfidence = 0.75;

/** The vendor names, model and firmware matching reads from a device record, each with its basis. */
export function identityOf(device: DeviceRecord): DeviceIdentity {
  const vendors: DeviceIdentity['vendors'] = [];
  if (device.manufacturer !== null) {
    const attribute = device.attributes.find(
      (candidate) => candidate.name === 'manufacturer' && candidate.value === device.manufacturer,
    );
    const basis =
      attribute?.source === overrideSource
        ? 'set by an analyst'
        : attribute?.source === assetSource
          ? 'from the asset list'
          : `named by the device${attribute === undefined ? '' : ` (${attribute.source})`}`;
    vendors.push({ name: device.manufacturer, confidence: 1, basis });
  }
  if (device.vendor !== null)
    vendors.push({ name: device.vendor, confidence: ouiVendorConfidence, basis: 'OUI registry' });
  const software: AnnouncedSoftware[] = [];
  for (const attribute of device.attributes) {
    if (!softwareAttributes.has(attribute.name)) continue;
    const parsed = parseSoftwareBanner(attribute.value, attribute.name);
    if (
      parsed !== null &&
      !software.some((known) => known.name === parsed.name && known.version === parsed.version)
    )
      software.push(parsed);
  }
  const hints = device.attributes
    .filter(
      (attribute) =>
        attribute.name === 'os' || attribute.name === 'ssh.banner' || attribute.name === 'http.server',
    )
    .map((attribute) => attribute.value)
    .join(' ');
  const distribution = distributions.find(([pattern]) => pattern.test(hints))?.[1] ?? null;
  const productBanners = device.attributes
    .filter((attribute) => productBannerAttributes.has(attribute.name))
    .map((attribute) => ({ text: attribute.value, basis: attribute.name }));
  return {
    deviceId: device.id,
    vendors,
    model: device.model,
    firmware: device.firmware,
    software,
    productBanners,
    distribution,
  };
}

/** Attributes whose values are software banners with versions. */
const softwareAttributes = new Set(['software', 'http.server', 'dicom.implementation']);

/** Attributes whose values are greetings an embedded device may write its product name in. */
const productBannerAttributes = new Set(['telnet.banner', 'ftp.greeting', 'ssh.banner']);

/** Distributions that backport security fixes into packages without changing the upstream version. */
const distributions: readonly [RegExp, string][] = [
  [/debian|deb\d+u\d+/i, 'Debian'],
  [/ubuntu/i, 'Ubuntu'],
  [/red ?hat|rhel|centos|rocky|alma/i, 'Red Hat'],
  [/suse/i, 'SUSE'],
  [/raspbian/i, 'Raspbian'],
];

/** Builds the matcher's index from the store's rules. */
export async function loadRuleIndex(store: Store, vendors: VendorNames): Promise<RuleIndex> {
  const index = new RuleIndex(vendors);
  for await (const rule of store.feeds.rules()) index.add(rule);
  return index;
}

/** Matches devices, each through its own identity and the components of SBOMs attached to its model. */
export function matchDevices(
  devices: readonly DeviceIdentity[],
  matcher: DeviceMatcher,
  sboms: readonly AttachedSbom[],
  vendors: VendorNames,
): VulnerabilityMatch[] {
  const matches: VulnerabilityMatch[] = [];
  for (const device of devices) {
    const extra =
      sboms.length === 0
        ? []
        : sbomSubjects(matcher.subjectsOf(device), sboms, (name) => vendors.keyOf(name));
    matches.push(...matcher.match(device, extra));
  }
  return matches;
}

/** What matching the inventory found. */
export interface InventoryMatchSummary {
  devices: number;
  rules: number;
  affectedDevices: number;
  matches: number;
  certain: number;
  uncertain: number;
  added: number;
  removed: number;
}

/**
 * Matches every device of the store against every imported rule and SBOM and stores the result,
 * replacing the previous one. Run after each feed import and each ingest.
 */
export async function matchInventory(
  store: Store,
  vendors: VendorNames,
  at = new Date().toISOString(),
): Promise<InventoryMatchSummary> {
  const index = await loadRuleIndex(store, vendors);
  const sboms = await store.sboms.list();
  const devices = (await store.devices.list()).map(identityOf);
  const matches = matchDevices(devices, new DeviceMatcher(index, SoftwareNames.load()), sboms, vendors);
  const { added, removed } = await store.vulnerabilities.replaceMatches(matches, at);
  const certain = matches.filter((match) => match.certainty === 'certain').length;
  return {
    devices: devices.length,
    rules: index.ruleCount,
    affectedDevices: new Set(matches.map((match) => match.deviceId)).size,
    matches: matches.length,
    certain,
    uncertain: matches.length - certain,
    added,
    removed,
  };
}

/**
 * Re-matches the inventory when any feed has been imported: a change of firmware, model or
 * maker (by traffic, an asset list or an analyst) changes which advisories apply.
 */
export async function rematchIfFeeds(
  store: Store,
  vendors: VendorNames,
): Promise<InventoryMatchSummary | null> {
  const counts = await store.feeds.counts();
  if (counts.rules === 0 && counts.sboms === 0 && (await store.vulnerabilities.matchCount()) === 0)
    return null;
  return matchInventory(store, vendors);
}
