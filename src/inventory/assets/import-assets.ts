import { basename } from 'node:path';
import type { Store } from '../../store/open-store.js';
import type { AttributeDraft } from '../device-draft.js';
import type { DeviceRecord } from '../device-record.js';
import { type AssetRecord, type RejectedRow, readAssetList } from './asset-rows.js';

/** The source name of attributes an asset list declared. */
export const assetSource = 'cmms';
/** What the hospital's own records say outranks what traffic suggests, but not an analyst's override. */
const assetConfidence = 0.95;

/** Asset columns and the device attributes they declare. */
const declaredAttributes: readonly [keyof AssetRecord, string][] = [
  ['asset_tag', 'asset.tag'],
  ['serial', 'serial-number'],
  ['manufacturer', 'manufacturer'],
  ['model', 'model'],
  ['software_version', 'software-version'],
  ['location', 'location'],
  ['department', 'asset.department'],
  ['owner', 'asset.owner'],
];

export type MatchKey = 'mac' | 'ip' | 'serial' | 'hostname';

export interface AssetImportReport {
  file: string;
  matched: { line: number; assetTag: string; deviceId: string; matchedBy: MatchKey; value: string }[];
  /** Assets no device matched: each is now a record of its own, not seen on the network. */
  unmatched: { line: number; assetTag: string; deviceId: string }[];
  /** Devices seen on the network that no asset of the list describes. */
  missingFromList: { deviceId: string; macs: string[]; ips: string[]; hostnames: string[] }[];
  rejected: RejectedRow[];
  ignoredColumns: string[];
}

function shortName(hostname: string): string {
  return hostname.toLowerCase().split('.', 1)[0]!;
}

/** Indexes devices by each key an asset can match on, in the order they are tried. */
function indexDevices(devices: readonly DeviceRecord[]): Record<MatchKey, Map<string, DeviceRecord>> {
  const index: Record<MatchKey, Map<string, DeviceRecord>> = {
    mac: new Map(),
    ip: new Map(),
    serial: new Map(),
    hostname: new Map(),
  };
  for (const device of devices) {
    for (const mac of device.macs) index.mac.set(mac, device);
    for (const ip of device.ips) if (!index.ip.has(ip)) index.ip.set(ip, device);
    for (const attribute of device.attributes)
      if (attribute.name === 'serial-number' && attribute.source !== assetSource)
        index.serial.set(attribute.value.toLowerCase(), device);
    for (const hostname of device.hostnames)
      if (!index.hostname.has(shortName(hostname))) index.hostname.set(shortName(hostname), device);
  }
  return index;
}

function matchAsset(asset: AssetRecord, index: ReturnType<typeof indexDevices>) {
  const keys: [MatchKey, string | undefined][] = [
    ['mac', asset.mac],
    ['ip', asset.ip],
    ['serial', asset.serial?.toLowerCase()],
    ['hostname', asset.hostname === undefined ? undefined : shortName(asset.hostname)],
  ];
  for (const [key, value] of keys) {
    const device = value === undefined ? undefined : index[key].get(value);
    if (device !== undefined) return { device, matchedBy: key, value: value! };
  }
  return undefined;
}

/**
 * Imports a CMMS asset list into the store: each asset is matched to a discovered device by
 * MAC, then IP, serial number, host name; its declared fields become attributes of that device
 * (source `cmms`, evidence: the file and line), replacing what an earlier import of the list
 * declared. An asset nothing matches becomes a record of its own (keyed by its MAC when it has
 * one, so traffic seen later joins it), so that vulnerability matching covers it too.
 */
export async function importAssets(
  store: Store,
  path: string,
  nowMs: number = Date.now(),
): Promise<AssetImportReport> {
  const list = readAssetList(path);
  const devices = await store.devices.list();
  const index = indexDevices(devices);
  const report: AssetImportReport = {
    file: path,
    matched: [],
    unmatched: [],
    missingFromList: [],
    rejected: list.rejected,
    ignoredColumns: list.ignoredColumns,
  };
  const described = new Set<string>();
  const capture = basename(path);
  for (const asset of list.assets) {
    const evidence = { capture, packetNumber: asset.line, fileOffset: 0 };
    const attribute = (name: string, value: string): AttributeDraft => ({
      name,
      value,
      source: assetSource,
      confidence: assetConfidence,
      firstSeenMs: nowMs,
      lastSeenMs: nowMs,
      evidence,
    });
    const declared = declaredAttributes.flatMap(([column, name]) =>
      asset[column] === undefined ? [] : [attribute(name, String(asset[column]))],
    );
    const match = matchAsset(asset, index);
    if (match !== undefined) {
      described.add(match.device.id);
      await store.devices.declare(match.device.id, declared);
      report.matched.push({
        line: asset.line,
        assetTag: asset.asset_tag,
        deviceId: match.device.id,
        matchedBy: match.matchedBy,
        value: match.value,
      });
      continue;
    }
    const network = [
      ...(asset.mac === undefined ? [] : [attribute('mac', asset.mac)]),
      ...(asset.ip === undefined ? [] : [attribute('ip', asset.ip)]),
      ...(asset.hostname === undefined ? [] : [attribute('hostname', asset.hostname)]),
    ];
    const identityKey = asset.mac === undefined ? `asset:${asset.asset_tag}` : `mac:${asset.mac}`;
    const deviceId = await store.devices.createDeclared(identityKey, [...declared, ...network], nowMs);
    report.unmatched.push({ line: asset.line, assetTag: asset.asset_tag, deviceId });
  }
  for (const device of devices)
    if (device.seenOnNetwork && !described.has(device.id) && device.assetTag === null)
      report.missingFromList.push({
        deviceId: device.id,
        macs: device.macs,
        ips: device.ips,
        hostnames: device.hostnames,
      });
  return report;
}
