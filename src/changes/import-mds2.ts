import { basename } from 'node:path';
import { contradictedClaims } from '../govern/mds2/claims-against-traffic.js';
import { type DerivedCapability, deriveCapabilities } from '../govern/mds2/mds2-capabilities.js';
import type { Mds2Form } from '../govern/mds2/mds2-form.js';
import { Mds2FormError } from '../govern/mds2/parse-mds2-rows.js';
import { readMds2Bytes, readMds2File } from '../govern/mds2/read-mds2-file.js';
import { isOfModel } from '../govern/model-devices.js';
import type { AttributeDraft } from '../inventory/device-draft.js';
import type { DeviceRecord } from '../inventory/device-record.js';
import { findingTypes } from '../inventory/finding-types.js';
import type { Store } from '../store/open-store.js';

/** The source of attributes a manufacturer's MDS2 declares. */
export const mds2Source = 'mds2';
/** A manufacturer's statement about its model: below what an asset list or an analyst says of one device. */
const mds2Confidence = 0.8;

export interface Mds2ImportRequest {
  /** The file's path, or an upload's file name when `content` is given. */
  file: string;
  /** An uploaded form's bytes (over the API); read from `file` when absent. */
  content?: Buffer | undefined;
  /** By default the form's own DOC-1 (manufacturer name) and DOC-3 (device model) answers. */
  manufacturer?: string | undefined;
  model?: string | undefined;
  versions?: readonly string[] | undefined;
  actor: string;
}

export interface Mds2ImportReport {
  id: string;
  manufacturer: string;
  model: string;
  versions: string[];
  format: Mds2Form['format'];
  sheet: string | null;
  answers: number;
  warnings: string[];
  capabilities: DerivedCapability[];
  /** Devices of the model that took the derived attributes. */
  devices: string[];
  /** Answers the devices' own traffic contradicts, each now a finding of the device. */
  contradictions: { deviceId: string; question: string; explanation: string }[];
}

/**
 * Imports a manufacturer's MDS2 form for a model, replacing the one before for the same model
 * and versions; the capabilities its answers give become attributes (`mds2.<capability>`, source
 * `mds2`, the evidence naming the file and question) of every device of the model the inventory
 * holds. Audited as `mds2-imported`.
 */
export async function importMds2(
  store: Store,
  request: Mds2ImportRequest,
  nowMs: number,
): Promise<Mds2ImportReport> {
  const read =
    request.content === undefined
      ? await readMds2File(request.file)
      : await readMds2Bytes(request.content, basename(request.file));
  const answerOf = (id: string) =>
    read.answers.find((answer) => answer.id === id)?.answer.trim() || undefined;
  const manufacturer = request.manufacturer?.trim() || answerOf('DOC-1');
  const model = request.model?.trim() || answerOf('DOC-3');
  if (manufacturer === undefined || model === undefined)
    throw new Mds2FormError(
      `${basename(request.file)}: give --manufacturer and --model (the form's DOC-1 and DOC-3 do not name them)`,
    );
  const importedAt = new Date(nowMs).toISOString();
  const form: Mds2Form = {
    manufacturer,
    model,
    versions: [...(request.versions ?? [])],
    file: basename(request.file),
    importedAt,
    importedBy: request.actor,
    ...read,
  };
  const id = await store.mds2.save(form);
  const capabilities = deriveCapabilities(form.answers);
  const devices = (await store.devices.list()).filter((device) =>
    isOfModel(device, manufacturer, model, form.versions),
  );
  for (const device of devices)
    await store.devices.declare(device.id, capabilityAttributes(form, capabilities, nowMs));
  const contradictions = await recordContradictions(store, form, devices);
  await store.audit.append(
    {
      actor: request.actor,
      action: 'mds2-imported',
      target: id,
      before: null,
      after: JSON.stringify({
        manufacturer,
        model,
        versions: form.versions,
        file: form.file,
        answers: form.answers.length,
      }),
    },
    importedAt,
  );
  return {
    id,
    manufacturer,
    model,
    versions: form.versions,
    format: form.format,
    sheet: form.sheet,
    answers: form.answers.length,
    warnings: form.warnings,
    capabilities,
    devices: devices.map((device) => device.id),
    contradictions,
  };
}

/**
 * Checks every stored form against what its model's devices showed on the network since (run
 * after an ingest): each contradiction becomes the device's `mds2-claim-contradicted` finding.
 */
export async function checkMds2Claims(store: Store): Promise<Mds2ImportReport['contradictions']> {
  const devices = await store.devices.list();
  const found: Mds2ImportReport['contradictions'] = [];
  for (const form of await store.mds2.list())
    found.push(
      ...(await recordContradictions(
        store,
        form,
        devices.filter((device) => isOfModel(device, form.manufacturer, form.model, form.versions)),
      )),
    );
  return found;
}

/** The device's finding naming each answer of the form its traffic contradicts, both sides in words. */
async function recordContradictions(
  store: Store,
  form: Mds2Form,
  devices: readonly DeviceRecord[],
): Promise<Mds2ImportReport['contradictions']> {
  const found: Mds2ImportReport['contradictions'] = [];
  const type = findingTypes['mds2-claim-contradicted'];
  for (const device of devices) {
    const claims = contradictedClaims(device, form.answers);
    if (claims.length === 0) continue;
    const traffic = device.findings.filter((finding) =>
      claims.some((claim) => claim.finding.type === finding.type),
    );
    await store.devices.setFinding(device.id, {
      type: 'mds2-claim-contradicted',
      severity: type.severity,
      summary: type.summary,
      remedy: type.remedy,
      detail: `${form.file}: ${claims.map((claim) => claim.explanation).join('; ')}`,
      firstSeenMs: Math.min(...traffic.map((finding) => Date.parse(finding.firstSeen))),
      lastSeenMs: Math.max(...traffic.map((finding) => Date.parse(finding.lastSeen))),
      evidence: claims[0]!.finding.evidence,
    });
    for (const claim of claims)
      found.push({ deviceId: device.id, question: claim.question, explanation: claim.explanation });
  }
  return found;
}

function capabilityAttributes(
  form: Mds2Form,
  capabilities: readonly DerivedCapability[],
  nowMs: number,
): AttributeDraft[] {
  return capabilities.map((capability) => ({
    name: `mds2.${capability.name}`,
    value: capability.value,
    source: mds2Source,
    confidence: mds2Confidence,
    firstSeenMs: nowMs,
    lastSeenMs: nowMs,
    // The file and the question's row stand where a capture and a packet stand for traffic.
    evidence: { capture: `${form.file} ${capability.question}`, packetNumber: capability.row, fileOffset: 0 },
  }));
}
