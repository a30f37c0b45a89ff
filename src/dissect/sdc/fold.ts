import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import { sdcScopePrefixes } from './consts.js';
import type { DpwsMetadataObservation, WsDiscoveryObservation } from './observation.js';

/** Messages in which the sender speaks for the target service it describes (WS-Discovery §4–6). */
const announcingActions = new Set(['Hello', 'Bye', 'ProbeMatches', 'ResolveMatches']);

/**
 * WS-Discovery: a device announcing or answering is described by its endpoint, types, scopes
 * and addresses; one announcing the MDPWS MedicalDevice type is an SDC medical device, with its
 * device component types and location. A patient context scope in clear is a finding.
 */
export function foldWsDiscovery(book: DraftBook, observation: WsDiscoveryObservation): void {
  const sender = book.deviceForIp(observation.sender.ip, observation);
  book.addProtocol(sender, 'ws-discovery', observation.timestampMs);
  if (!announcingActions.has(observation.action)) return;
  const add = (name: string, value: string | undefined, confidence: number) => {
    if (value !== undefined && value !== '')
      book.addAttribute(sender, name, value, observation.kind, confidence, observation);
  };
  const confidence = attributeConfidence.selfDescription;
  add('ws-discovery.endpoint', observation.endpoint, confidence);
  add('ws-discovery.types', observation.types.map((type) => type.name).join(' '), confidence);
  for (const address of observation.xAddrs) add('ws-discovery.xaddr', address, confidence);
  if (observation.hasPatientScope)
    book.measureFinding(sender, 'phi-cleartext', observation, {
      subject: 'SDC',
      unit: 'announcements',
      count: 1,
      total: 1,
      names: ['patient context scope'],
    });
  if (!observation.isSdcMedicalDevice) return;
  book.addProtocol(sender, 'sdc', observation.timestampMs);
  add('clinical.role', 'SDC medical device', confidence);
  for (const scope of observation.scopes) {
    if (scope.startsWith(sdcScopePrefixes.componentType))
      add('sdc.component-type', scope.slice(sdcScopePrefixes.componentType.length), confidence);
    else if (scope.startsWith(sdcScopePrefixes.location))
      add('location', scope.slice(sdcScopePrefixes.location.length), confidence);
    else if (scope.startsWith(sdcScopePrefixes.participantKeyPurpose))
      add(
        'sdc.participant-key-purpose',
        scope.slice(sdcScopePrefixes.participantKeyPurpose.length),
        confidence,
      );
  }
}

/**
 * DPWS metadata: the answering device's manufacturer, model, firmware and serial number as it
 * describes itself (ThisModel, ThisDevice), and the computer name of a Windows-style host.
 */
export function foldDpwsMetadata(book: DraftBook, observation: DpwsMetadataObservation): void {
  const device = book.deviceForIp(observation.server.ip, observation);
  book.addProtocol(device, 'ws-discovery', observation.timestampMs);
  const add = (name: string, value: string | undefined, confidence: number) => {
    if (value !== undefined)
      book.addAttribute(device, name, value, observation.kind, confidence, observation);
  };
  const confidence = attributeConfidence.selfDescription;
  add('manufacturer', observation.manufacturer, confidence);
  add('model', observation.modelName, confidence);
  add('dpws.model-number', observation.modelNumber, confidence);
  add('software-version', observation.firmwareVersion, confidence);
  add('serial-number', observation.serialNumber, confidence);
  add('dpws.friendly-name', observation.friendlyName, confidence);
  add('dpws.device-category', observation.deviceCategory, confidence);
  add('hostname', observation.computerName, attributeConfidence.hostnameFromNetbios);
}
