/**
 * The contract of the inventory table, shared by the store, the API and the console (which
 * imports this file for its types, so it imports nothing itself).
 */
/** One row of the inventory table. */
export interface DeviceSummary {
  deviceId: string;
  name: string;
  ip: string | null;
  mac: string | null;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  type: string | null;
  category: string | null;
  zone: string | null;
  status: string;
  firstSeen: string;
  lastSeen: string;
  riskScore: number;
  riskLevel: string;
  /** Why, in a few words: the largest risk factors. */
  riskReason: string;
  vulnerabilities: number;
  kevVulnerabilities: number;
  findings: number;
  handlesPhi: boolean;
}
