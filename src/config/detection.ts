/**
 * Thresholds and windows of the detectors, each with its unit in its name. Values are defaults;
 * callers pass overrides and get a frozen copy.
 */
export interface DetectionConfig {
  /** Distinct ports of one target a source must probe within the window to be scanning it. */
  portScanPorts: number;
  portScanWindowMs: number;
  /** Distinct hosts a source must probe within the window to be sweeping them. */
  hostSweepHosts: number;
  hostSweepWindowMs: number;
  /** Distinct addresses one MAC must ask for within the window to be sweeping by ARP. */
  arpSweepTargets: number;
  arpSweepWindowMs: number;
  /** An address claimed by a second MAC within this long of the first is a conflict (spoofing). */
  addressClaimWindowMs: number;
  /** Gratuitous ARPs from one MAC within the window that make a flood. */
  gratuitousArpFlood: number;
  gratuitousArpWindowMs: number;
  /** Failed logins from one client to one server within the window that make a brute force. */
  loginFailures: number;
  loginFailureWindowMs: number;
  /** Short connections from one client to one login service within the window (SSH, RDP, VNC, SMB). */
  connectionChurn: number;
  connectionChurnWindowMs: number;
  /** Distinct hosts one source must open remote-administration sessions with (SMB, RDP, SSH, …). */
  lateralMovementHosts: number;
  lateralMovementWindowMs: number;
  /** Files one SMB client writes, renames or deletes within the window that look like ransomware. */
  ransomwareFileOperations: number;
  ransomwareWindowMs: number;
  /**
   * A device's baseline learns for this long from the first traffic that showed it (capture
   * time), unless `vigil ingest --learn` taught it; after that, what it never held is a deviation.
   */
  baselineLearningPeriodMs: number;
  /** Facts a baseline keeps per category (peers, services, operations, names), and a run per host. */
  maxBaselineFactsPerCategory: number;
  /** Clock hours of outside volume a run keeps per host. */
  maxBaselineHours: number;
  /** Versions of one baseline kept; older ones are dropped as new ones are learned. */
  maxBaselineVersions: number;
  /** A device type's baseline speaks for the type once learned from this many devices. */
  typeBaselineMinDevices: number;
  /**
   * Bytes sent outside in one hour that are exfiltration: more than this many times the most the
   * baseline ever sent in an hour, and at least the floor (so a device that sent almost nothing
   * is not flagged for a software update).
   */
  exfiltrationFactor: number;
  exfiltrationFloorBytesPerHour: number;
  /** Sources, targets or pairs each detector remembers at most; the least recently seen go first. */
  maxTrackedKeys: number;
  /** Packets of evidence kept per alert (the first ones; the count says how many there were). */
  maxEvidencePerAlert: number;
}

export const defaultDetectionConfig: Readonly<DetectionConfig> = Object.freeze({
  portScanPorts: 20,
  portScanWindowMs: 60_000,
  hostSweepHosts: 16,
  hostSweepWindowMs: 60_000,
  arpSweepTargets: 24,
  arpSweepWindowMs: 30_000,
  addressClaimWindowMs: 10 * 60_000,
  gratuitousArpFlood: 30,
  gratuitousArpWindowMs: 60_000,
  loginFailures: 5,
  loginFailureWindowMs: 5 * 60_000,
  connectionChurn: 15,
  connectionChurnWindowMs: 60_000,
  lateralMovementHosts: 10,
  lateralMovementWindowMs: 10 * 60_000,
  ransomwareFileOperations: 100,
  ransomwareWindowMs: 5 * 60_000,
  baselineLearningPeriodMs: 7 * 86_400_000,
  maxBaselineFactsPerCategory: 512,
  maxBaselineHours: 24 * 14,
  maxBaselineVersions: 20,
  typeBaselineMinDevices: 3,
  exfiltrationFactor: 10,
  exfiltrationFloorBytesPerHour: 10_000_000,
  maxTrackedKeys: 50_000,
  maxEvidencePerAlert: 20,
});

export function detectionConfig(overrides: Partial<DetectionConfig> = {}): Readonly<DetectionConfig> {
  return Object.freeze({ ...defaultDetectionConfig, ...overrides });
}
