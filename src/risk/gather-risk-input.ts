import { OsEndOfLife } from '../govern/lifecycle/os-end-of-life.js';
import {
  isPastSupport,
  type ModelSupport,
  type SupportStage,
  supportStage,
} from '../govern/lifecycle/support-dates.js';
import { isOfModel } from '../govern/model-devices.js';
import { deviceVulnerabilities } from '../intel/device-vulnerabilities.js';
import type { DeviceVulnerability } from '../intel/vulnerability-view.js';
import type { DeviceRecord } from '../inventory/device-record.js';
import { isPrivateAddress } from '../inventory/private-address.js';
import type { Store } from '../store/open-store.js';
import type { RiskInput } from './risk-input.js';
import { inCidr, parseCidr, type RiskModel } from './risk-model.js';

/** Protocols whose use means the device handles patient data, whether or not it was seen in clear. */
const clinicalDataProtocols = ['dicom', 'hl7', 'fhir', 'poct1a'];

/**
 * What the store holds of each device for the risk model: its type and clinical function,
 * findings, operating systems, vulnerabilities with their status, recorded controls, and from
 * the flows who reaches it, whom it reaches, Internet peers and connections from untrusted networks.
 */
export async function gatherRiskInputs(
  store: Store,
  model: RiskModel,
  devices?: DeviceRecord[],
  known: {
    /** Every device of the store, when the caller has read them already (peers are any device). */
    everyDevice?: DeviceRecord[];
    /** The device of each peer address, when the caller remembers them (by default read from the store). */
    ownersOf?: (addresses: readonly string[]) => Promise<Map<string, string>>;
  } = {},
): Promise<RiskInput[]> {
  const { everyDevice } = known;
  const ownersOf = known.ownersOf ?? ((addresses) => store.devices.devicesOfAddresses(addresses));
  const records = devices ?? (await store.devices.list());
  const ids = records.map((device) => device.id);
  const vulnerabilities = await deviceVulnerabilities(store, devices === undefined ? undefined : ids);
  const controls = await store.risk.controls(devices === undefined ? undefined : ids);
  const today = new Date().toISOString().slice(0, 10);
  const osEndOfLife = OsEndOfLife.load();
  const supportEnded = (await store.modelSupport.list())
    .map((support) => ({ support, stage: supportStage(support, today) }))
    .filter(({ stage }) => isPastSupport(stage));
  const alertsOf = new Map<string, NonNullable<RiskInput['openAlerts']>>();
  for (const alert of await store.alerts.list({
    statuses: ['new', 'acknowledged', 'investigating'],
    limit: 10_000,
  }))
    for (const target of alert.targets)
      if (target.deviceId !== null) {
        const list = alertsOf.get(target.deviceId) ?? [];
        list.push({ id: alert.id, type: alert.type, severity: alert.severity, summary: alert.summary });
        alertsOf.set(target.deviceId, list);
      }
  const deviceOfAddress = new Map<string, string>();
  for (const device of records) for (const address of device.ips) deviceOfAddress.set(address, device.id);
  // Some devices: only the flows they are in, and of their peers only who each address is (a peer
  // is any device of the store); reading every device record would take seconds at 100,000.
  const isSubset = devices !== undefined && everyDevice === undefined;
  const pairs = await store.flows.addressPairs(isSubset ? [...deviceOfAddress.keys()] : undefined);
  if (isSubset) {
    const peers = new Set<string>();
    for (const { initiator, responder } of pairs)
      for (const address of [initiator, responder]) if (!deviceOfAddress.has(address)) peers.add(address);
    for (const [address, deviceId] of await ownersOf([...peers])) deviceOfAddress.set(address, deviceId);
  } else if (everyDevice !== undefined) {
    for (const device of everyDevice)
      for (const address of device.ips)
        if (!deviceOfAddress.has(address)) deviceOfAddress.set(address, device.id);
  }
  const untrusted = model.untrustedNetworks.map((network) => ({
    name: network.name,
    cidr: parseCidr(network.cidr) as { base: number; mask: number },
  }));
  const reach = new Map<
    string,
    {
      inbound: Set<string>;
      outbound: Set<string>;
      internet: Set<string>;
      untrusted: { network: string; address: string }[];
    }
  >();
  const reachOf = (deviceId: string) => {
    let entry = reach.get(deviceId);
    if (entry === undefined) {
      entry = { inbound: new Set(), outbound: new Set(), internet: new Set(), untrusted: [] };
      reach.set(deviceId, entry);
    }
    return entry;
  };
  // A server's peers number tens of thousands, each in several pairs: judge each address once.
  const kindOf = new Map<string, { isInternet: boolean; isPublic: boolean; untrustedNetwork?: string }>();
  const kindOfAddress = (address: string) => {
    let kind = kindOf.get(address);
    if (kind === undefined) {
      const isPublic = !isPrivateAddress(address);
      kind = {
        isPublic,
        isInternet: isPublic && !isMulticastOrBroadcast(address),
        untrustedNetwork: untrusted.find((candidate) => inCidr(address, candidate.cidr))?.name,
      };
      kindOf.set(address, kind);
    }
    return kind;
  };
  for (const { initiator, responder } of pairs) {
    const from = deviceOfAddress.get(initiator);
    const to = deviceOfAddress.get(responder);
    if (from !== undefined && to !== undefined && from !== to) {
      reachOf(from).outbound.add(to);
      reachOf(to).inbound.add(from);
    }
    if (from !== undefined && kindOfAddress(responder).isInternet) reachOf(from).internet.add(responder);
    if (to !== undefined) {
      const initiatorKind = kindOfAddress(initiator);
      if (initiatorKind.isPublic) reachOf(to).internet.add(initiator);
      if (initiatorKind.untrustedNetwork !== undefined)
        reachOf(to).untrusted.push({ network: initiatorKind.untrustedNetwork, address: initiator });
    }
  }
  const byDevice = new Map<string, DeviceVulnerability[]>();
  for (const vulnerability of vulnerabilities)
    byDevice.set(vulnerability.deviceId, [...(byDevice.get(vulnerability.deviceId) ?? []), vulnerability]);
  return records.map((device) => {
    const phi = device.findings.find((finding) => finding.type === 'phi-cleartext');
    const clinicalProtocols = device.protocols.filter((protocol) => clinicalDataProtocols.includes(protocol));
    const network = reach.get(device.id);
    return {
      deviceId: device.id,
      type: device.type,
      clinicalFunction: device.classification.clinicalFunction ?? null,
      phiEvidence:
        phi !== undefined
          ? `patient data seen in clear: ${phi.detail ?? phi.summary}`
          : clinicalProtocols.length > 0
            ? `speaks ${clinicalProtocols.join(', ')}, which carry patient data`
            : device.attributes.some(
                  (attribute) => attribute.name === 'mds2.handles-patient-data' && attribute.value === 'yes',
                )
              ? 'its manufacturer says it displays, transmits, stores or modifies patient data (MDS2 MPII-1: Yes)'
              : null,
      inboundPeers: network?.inbound.size ?? 0,
      outboundPeers: network?.outbound.size ?? 0,
      internetPeers: network?.internet.size ?? 0,
      untrustedInbound: network?.untrusted ?? [],
      findings: device.findings.map((finding) => ({ type: finding.type, detail: finding.detail })),
      manufacturerClaims: manufacturerClaimsOf(device),
      supportEnded: supportEndedOf(device, supportEnded),
      operatingSystems: systemsOf(device),
      operatingSystemLifecycle: systemsOf(device).flatMap(
        (system) => osEndOfLife.lifecycleOf(system, today) ?? [],
      ),
      vulnerabilities: (byDevice.get(device.id) ?? []).map((vulnerability) => ({
        id: vulnerability.id,
        cvssVector: vulnerability.cvss?.vector ?? null,
        cvssScore: vulnerability.cvss?.baseScore ?? null,
        epss: vulnerability.epss?.score ?? null,
        epssPercentile: vulnerability.epss?.percentile ?? null,
        kevDateAdded: vulnerability.kev?.dateAdded ?? null,
        certainty: vulnerability.certainty,
        status: vulnerability.status.value,
      })),
      controls: controls
        .filter((control) => control.device_id === device.id)
        .map((control) => ({ name: control.control, note: control.note })),
      openAlerts: alertsOf.get(device.id) ?? [],
    };
  });
}

function isMulticastOrBroadcast(address: string): boolean {
  const first = Number(address.split('.')[0]);
  return address === '255.255.255.255' || (first >= 224 && first <= 239) || address.startsWith('ff');
}

/** The `mds2.*` attributes its manufacturer's form gave it, with the file and question they come from. */
function manufacturerClaimsOf(device: DeviceRecord): NonNullable<RiskInput['manufacturerClaims']> {
  return device.attributes
    .filter(
      (attribute) =>
        attribute.name.startsWith('mds2.') && (attribute.value === 'yes' || attribute.value === 'no'),
    )
    .map((attribute) => ({
      capability: attribute.name.slice('mds2.'.length),
      value: attribute.value as 'yes' | 'no',
      source: attribute.evidence.capture,
    }));
}

/** The operating systems the inventory holds for a device. */
function systemsOf(device: DeviceRecord): string[] {
  return device.attributes.filter((attribute) => attribute.name === 'os').map((attribute) => attribute.value);
}

/** How its model's support ended, when the manufacturer patches it no more; undefined otherwise. */
function supportEndedOf(
  device: DeviceRecord,
  ended: readonly { support: ModelSupport; stage: SupportStage }[],
): RiskInput['supportEnded'] {
  const match = ended.find(({ support }) => isOfModel(device, support.manufacturer, support.model));
  if (match === undefined) return undefined;
  const { support, stage } = match;
  return stage === 'past-end-of-support'
    ? {
        model: `${support.manufacturer} ${support.model}`,
        what: 'support',
        date: support.endOfSupport!,
        source: support.source,
      }
    : {
        model: `${support.manufacturer} ${support.model}`,
        what: 'security patches',
        date: support.endOfSecurityPatches!,
        source: support.source,
      };
}
