import type { Observation } from '../../observe/observation.js';
import { BoundedMap } from '../bounded-map.js';
import type { DetectorContext, DetectorDefinition } from '../detector.js';
import { detectionEvidence } from '../evidence-of.js';

interface Burst {
  startMs: number;
  /** Distinct files written, renames and deletes within the window. */
  operations: number;
  /** Of those, how many earlier reports counted (the alert's count adds only what is new). */
  reported: number;
}

/**
 * Ransomware at work over SMB: one client writing, renaming or deleting a great many files on
 * file shares within a few minutes (each file read, encrypted and written back, or renamed to
 * its new extension). Opening files is not counted (reading opens them too). Encrypted SMB3
 * hides this; the burst then shows only as volume.
 */
export const ransomwareSmbDetector: DetectorDefinition = {
  type: 'ransomware-smb',
  kinds: ['smb.file-activity'],
  create(context: DetectorContext) {
    const { config } = context;
    const bursts = new BoundedMap<string, Burst>(config.maxTrackedKeys);
    return {
      get evicted() {
        return bursts.evicted;
      },
      observe(observation: Observation) {
        if (observation.kind !== 'smb.file-activity') return;
        const { client, server } = observation;
        const operations = observation.filesWritten + observation.renames + observation.deletes;
        if (operations === 0) return;
        let burst = bursts.get(client.ip);
        if (burst === undefined || observation.firstMs - burst.startMs > config.ransomwareWindowMs) {
          burst = { startMs: observation.firstMs, operations: 0, reported: 0 };
          bursts.set(client.ip, burst);
        }
        burst.operations += operations;
        if (burst.operations < config.ransomwareFileOperations) return;
        const count = burst.operations - burst.reported;
        burst.reported = burst.operations;
        context.report({
          type: 'ransomware-smb',
          key: client.ip,
          severity: 'critical',
          techniques: ['T0809', 'T1486'],
          summary: '',
          remedy: `Disconnect ${client.ip} from the network now (switch port or NAC), disable the account it uses on ${server.ip}, and restore the touched files from backup once the host is examined; check other shares it reaches.`,
          sources: [{ ip: client.ip, mac: client.mac }],
          targets: [{ ip: server.ip, mac: server.mac }],
          firstSeenMs: count > operations ? burst.startMs : observation.firstMs,
          lastSeenMs: observation.lastMs,
          count,
          evidence: [
            detectionEvidence(
              observation.evidence,
              observation.firstMs,
              `${observation.filesWritten} files written, ${observation.renames} renamed, ${observation.deletes} deleted on ${server.ip}`,
            ),
          ],
          detail: {
            filesWritten: [String(observation.filesWritten)],
            renames: [String(observation.renames)],
            deletes: [String(observation.deletes)],
            creates: [String(observation.creates)],
            threshold: [
              `${config.ransomwareFileOperations} files written, renamed or deleted within ${config.ransomwareWindowMs / 60_000} min`,
            ],
          },
        });
      },
    };
  },
  summarise(detection) {
    return `${detection.sources[0]?.ip} wrote, renamed or deleted ${detection.count} files over SMB on ${detection.targets.map((target) => target.ip).join(', ')} within minutes: ransomware behaviour`;
  },
};
