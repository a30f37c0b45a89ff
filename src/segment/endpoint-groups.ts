import { internetZone, trustOf, type Zone, zoneOf } from '../config/zones.js';
import { isPrivateAddress } from '../inventory/private-address.js';
import { inCidr, parseCidr } from '../risk/risk-model.js';
import type { Granularity, PolicyGroup } from './policy.js';

/** What grouping needs to know of a device. */
export interface SegmentDevice {
  id: string;
  name: string;
  ips: readonly string[];
  macs: readonly string[];
  type: string | null;
  category: string | null;
  clinicalFunction: string | null;
  manufacturer: string | null;
  model: string | null;
  /** `low` … `critical` from the risk model, when the granularity asks for it; else null. */
  riskLevel: string | null;
}

/** A group an analyst defines: its members are the devices with these MACs and every address in these subnets. */
export interface DefinedGroup {
  name: string;
  cidrs: readonly string[];
  macs: readonly string[];
}

/** Tag groups: sets over the primary groups that hygiene rules name. */
export const tagGroups = {
  medical: 'medical',
  lifeSustaining: 'life_sustaining',
  clinicalZone: 'clinical_zone',
  untrustedZone: 'untrusted_zone',
  internet: 'internet',
  maintenance: 'maintenance',
} as const;

/**
 * Puts every address in a primary group, an analyst's group first, else at the chosen granularity
 * (its zone; its device's type, clinical function, manufacturer, model or risk level within its
 * zone; its device), and in the tag groups it belongs to. An address outside the
 * hospital is always a group of its own: least privilege names each outside endpoint a device
 * needs, never "the Internet". An address no device owns is its zone at zone granularity, else a
 * host of its own.
 *
 * @example
 * const index = new EndpointGroups(devices, zones, 'type');
 * index.primaryOf('10.10.0.7'); // 'type_infusion_pump_in_icu'
 */
export class EndpointGroups {
  readonly #byAddress = new Map<string, SegmentDevice>();
  readonly #groups = new Map<string, PolicyGroup>();
  readonly #primary = new Map<string, string>();
  readonly #tags = new Map<string, readonly string[]>();
  readonly #usedIds = new Set<string>(Object.values(tagGroups));

  constructor(
    readonly allDevices: readonly SegmentDevice[],
    readonly zones: readonly Zone[],
    readonly granularity: Granularity,
    /** An analyst's groups: their members are placed in them whatever the granularity. */
    readonly defined: readonly DefinedGroup[] = [],
  ) {
    for (const device of allDevices) for (const ip of device.ips) this.#byAddress.set(ip, device);
  }

  devices(): readonly SegmentDevice[] {
    return this.allDevices;
  }

  deviceOf(address: string): SegmentDevice | undefined {
    return this.#byAddress.get(address);
  }

  /** The group this address is a member of at the chosen granularity, created on first use. */
  primaryOf(address: string): string {
    const known = this.#primary.get(address);
    if (known !== undefined) return known;
    const id = this.#placeAddress(address);
    this.#primary.set(address, id);
    return id;
  }

  /** The tag groups an address is in (life-sustaining, medical, its zone's trust, the Internet). */
  tagsOf(address: string): readonly string[] {
    let tags = this.#tags.get(address);
    if (tags === undefined) {
      tags = this.#placeTags(address);
      this.#tags.set(address, tags);
    }
    return tags;
  }

  #placeTags(address: string): string[] {
    const tags: string[] = [];
    const device = this.#byAddress.get(address);
    if (device?.category === 'medical') tags.push(tagGroups.medical);
    if (device?.clinicalFunction === 'life-sustaining') tags.push(tagGroups.lifeSustaining);
    const zone = zoneOf(address, this.zones);
    if (zone === internetZone || (zone === null && isPublicIpv6(address))) tags.push(tagGroups.internet);
    else if (zone !== null) {
      const trust = trustOf(zone, this.zones);
      if (trust === 'clinical') tags.push(tagGroups.clinicalZone);
      if (trust === 'untrusted') tags.push(tagGroups.untrustedZone);
    }
    return tags;
  }

  /** Every group an address was placed in, in the order they were made. */
  groups(): PolicyGroup[] {
    return [...this.#groups.values()];
  }

  #placeAddress(address: string): string {
    const zone = zoneOf(address, this.zones);
    if (zone === internetZone || (zone === null && isPublicIpv6(address)))
      return this.#member(`external ${address}`, 'external', `ext_${address}`, address, undefined);
    const device = this.#byAddress.get(address);
    const defined = this.#definedGroupOf(address, device);
    if (defined !== undefined) {
      const bySubnet = defined.cidrs.find((cidr) => inCidr(address, parseCidr(cidr)!));
      return this.#member(defined.name, 'defined', `grp_${defined.name}`, bySubnet ?? address, device);
    }
    // Devices alike (same type, function, maker or model) within one zone: a guest's laptop must
    // not inherit what the biomed laptop in the data centre may do.
    const alike = device === undefined ? null : this.#likenessOf(device);
    if (this.granularity === 'zone' || (this.granularity !== 'device' && alike === null)) {
      if (zone !== null) {
        const configured = this.zones.find((each) => each.name === zone);
        return this.#member(zone, 'zone', `zone_${zone}`, configured?.cidr ?? zone, device);
      }
      if (device === undefined)
        return this.#member(`host ${address}`, 'host', `host_${address}`, address, undefined);
    }
    if (device === undefined)
      return this.#member(`host ${address}`, 'host', `host_${address}`, address, undefined);
    if (alike !== null) {
      const name = zone === null ? alike : `${alike} in ${zone}`;
      return this.#member(
        name,
        'type',
        `${this.granularity}_${name.replace(' in ', '_in_')}`,
        address,
        device,
      );
    }
    return this.#member(device.name, 'device', `dev_${device.id.replace(/^dev-/, '')}`, address, device);
  }

  /** What devices share at this granularity (`infusion pump`, `life-sustaining`, …), or null. */
  #likenessOf(device: SegmentDevice): string | null {
    switch (this.granularity) {
      case 'type':
        return device.type;
      case 'function':
        return device.clinicalFunction;
      case 'manufacturer':
        return device.manufacturer;
      case 'model':
        return device.manufacturer !== null && device.model !== null
          ? `${device.manufacturer} ${device.model}`
          : device.type;
      case 'risk':
        return device.riskLevel === null ? null : `${device.riskLevel} risk`;
      default:
        return null;
    }
  }

  #definedGroupOf(address: string, device: SegmentDevice | undefined): DefinedGroup | undefined {
    return this.defined.find(
      (group) =>
        device?.macs.some((mac) => group.macs.includes(mac)) ||
        group.cidrs.some((cidr) => inCidr(address, parseCidr(cidr)!)),
    );
  }

  /** Adds an address (or subnet) and its device to the group named so, creating it. */
  #member(
    name: string,
    kind: PolicyGroup['kind'],
    wantedId: string,
    address: string,
    device: SegmentDevice | undefined,
  ): string {
    let group = this.#groups.get(`${kind}:${name}`);
    if (group === undefined) {
      group = { id: this.#uniqueId(wantedId), name, kind, addresses: [], macs: [], deviceIds: [] };
      this.#groups.set(`${kind}:${name}`, group);
    }
    if (!group.addresses.includes(address)) group.addresses.push(address);
    if (device !== undefined && !group.deviceIds.includes(device.id)) {
      group.deviceIds.push(device.id);
      for (const mac of device.macs) if (!group.macs.includes(mac)) group.macs.push(mac);
    }
    return group.id;
  }

  #uniqueId(wanted: string): string {
    const base = safeIdentifier(wanted);
    let id = base;
    for (let suffix = 2; this.#usedIds.has(id); suffix += 1) id = `${base.slice(0, 44)}_${suffix}`;
    this.#usedIds.add(id);
    return id;
  }
}

/** Letters, digits and `_`, at most 48 characters: a name nft, IOS, ISE and PAN-OS all accept. */
export function safeIdentifier(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (/^[a-z]/.test(cleaned) ? cleaned : `g_${cleaned}`).slice(0, 48);
}

function isPublicIpv6(address: string): boolean {
  return address.includes(':') && !isPrivateAddress(address) && !/^(ff|::1$|::$)/i.test(address);
}
