/**
 * A device that cannot be matched to advisories because what it is, exactly, is unknown: the
 * contract of `vigil vulns --unmatched` and the API, shared with the console (so it imports
 * nothing). "No vulnerabilities" is never said of such a device.
 */
export interface UnmatchedDevice {
  deviceId: string;
  name: string;
  type: string | null;
  category: string | null;
  /** The maker as known (named by the device, an analyst, the asset list, or the OUI registry). */
  manufacturer: string | null;
  model: string | null;
  firmware: string | null;
  /** What is unknown: the model (nothing can be matched), or the firmware (matches stay uncertain). */
  missing: ('model' | 'firmware')[];
  /** Why it cannot be matched, and what to confirm, in words. */
  reason: string;
  /** Matches it has all the same (through a banner, or uncertain for want of a version). */
  matches: number;
  /** The imported advisories that name products of its maker: the ones that would apply once its model is known. */
  advisories: { id: string; products: string[]; vulnerabilities: number }[];
}
