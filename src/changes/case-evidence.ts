import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureRing } from '../capture/capture-ring.js';
import { carveCaseEvidence } from '../evidence/carve-case-evidence.js';
import type { CaseEvidence } from '../respond/case.js';
import type { Store } from '../store/open-store.js';
import { existingCase } from './case-changes.js';

/** Margin around a case's alerts when no window is given: the approach and the aftermath. */
const marginMs = 3_600_000;

export interface EvidenceRequest {
  out: string;
  reason: string;
  actor: string;
  destination?: string | undefined;
  fromMs?: number | undefined;
  toMs?: number | undefined;
  /** A sensor's capture ring to carve from instead of the captures the store ingested. */
  ring?: string | undefined;
}

/**
 * Carves every stored packet to or from the case's devices and the parties of its alerts, in a
 * window (by default its alerts' span with an hour either side), from the captures the store
 * ingested, into one pcapng that names the case; records the export in the chain of custody
 * (who, when, why, where to, SHA-256) and in the audit log. Patient data may be in the packets:
 * a reason is required.
 */
export async function exportCaseEvidence(
  store: Store,
  caseId: string,
  request: EvidenceRequest,
  nowMs: number,
): Promise<CaseEvidence & { unreadable: string[] }> {
  const found = await existingCase(store, caseId);
  if (!request.reason.trim())
    throw new Error('--reason: say why the packets are exported (they may hold patient data)');
  const alerts = [...(await store.alerts.getMany(found.alerts)).values()];
  const hosts = new Set<string>();
  for (const device of await store.devices.getMany(found.devices)) for (const ip of device.ips) hosts.add(ip);
  for (const alert of alerts)
    for (const party of [...alert.sources, ...alert.targets]) if (party.ip !== null) hosts.add(party.ip);
  if (hosts.size === 0)
    throw new Error(`${found.id} has no device or alert with an address to carve packets of`);
  const fromMs =
    request.fromMs ??
    (alerts.length === 0
      ? undefined
      : Math.min(...alerts.map((alert) => Date.parse(alert.firstSeen))) - marginMs);
  const toMs =
    request.toMs ??
    (alerts.length === 0
      ? undefined
      : Math.max(...alerts.map((alert) => Date.parse(alert.lastSeen))) + marginMs);
  if (fromMs === undefined || toMs === undefined)
    throw new Error('--from and --to: a case without alerts needs the window to carve');
  if (toMs <= fromMs) throw new Error('--to must be later than --from');
  // A sensor's ring: the files its index lists, oldest first. Else the captures ingested whose
  // packets reach into the window (standard input left nothing to read).
  const captures =
    request.ring !== undefined
      ? ringFiles(request.ring)
      : (await store.ingestRuns.list())
          .filter(
            (run) =>
              run.source !== '-' &&
              (run.capture_first_seen === null || Date.parse(run.capture_first_seen) < toMs) &&
              (run.capture_last_seen === null || Date.parse(run.capture_last_seen) >= fromMs),
          )
          .map((run) => run.source);
  const at = new Date(nowMs).toISOString();
  const windowFrom = new Date(fromMs).toISOString();
  const windowTo = new Date(toMs).toISOString();
  const report = await carveCaseEvidence(
    [...new Set(captures)],
    { hosts: [...hosts], fromMs, toMs },
    request.out,
    `Vigil case ${found.id}: ${found.title}. Exported ${at} by ${request.actor}, reason: ${request.reason}. Packets to or from ${[...hosts].join(', ')}, ${windowFrom} to ${windowTo}.`,
  );
  const evidence: CaseEvidence = {
    file: request.out,
    sha256: report.sha256,
    bytes: report.bytes,
    packets: report.packets,
    at,
    by: request.actor,
    reason: request.reason,
    destination: request.destination ?? null,
    windowFrom,
    windowTo,
    hosts: [...hosts],
    sources: report.sources,
  };
  await store.cases.addEvidence(found.id, evidence);
  await store.audit.append(
    {
      actor: request.actor,
      action: 'case-evidence-exported',
      target: found.id,
      before: null,
      after: JSON.stringify({
        file: evidence.file,
        sha256: evidence.sha256,
        packets: evidence.packets,
        reason: evidence.reason,
        destination: evidence.destination,
      }),
    },
    at,
  );
  return { ...evidence, unreadable: report.unreadable };
}

/** The files of a sensor's capture ring, oldest first, as its index lists them. */
function ringFiles(ring: string): string[] {
  if (!existsSync(ring)) throw new Error(`--ring: ${ring} does not exist`);
  return CaptureRing.entriesOf(ring).map((entry) => join(ring, entry.file));
}

/** What a check of one export found: its file as recorded, changed since, or gone. */
export interface EvidenceCheck {
  file: string;
  recorded: string;
  found: string | null;
  status: 'intact' | 'changed' | 'missing';
}

/** Recomputes the SHA-256 of each of a case's exports against its chain of custody (and audits the check). */
export async function verifyCaseEvidence(
  store: Store,
  caseId: string,
  actor: string,
  nowMs: number,
): Promise<EvidenceCheck[]> {
  const found = await existingCase(store, caseId);
  const checks: EvidenceCheck[] = [];
  for (const evidence of await store.cases.evidence(found.id)) {
    const sha256 = existsSync(evidence.file) ? await sha256Of(evidence.file) : null;
    checks.push({
      file: evidence.file,
      recorded: evidence.sha256,
      found: sha256,
      status: sha256 === null ? 'missing' : sha256 === evidence.sha256 ? 'intact' : 'changed',
    });
  }
  await store.audit.append(
    {
      actor,
      action: 'case-evidence-verified',
      target: found.id,
      before: null,
      after: checks.map((check) => `${check.status} ${check.file}`).join('; ') || 'no exports',
    },
    new Date(nowMs).toISOString(),
  );
  return checks;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
