import { addressConflictDetector } from './address-conflict/index.js';
import { arpSweepDetector } from './arp-sweep/index.js';
import { connectionChurnDetector } from './connection-churn/index.js';
import type { DetectorDefinition } from './detector.js';
import { gratuitousArpFloodDetector } from './gratuitous-arp-flood/index.js';
import { hostSweepDetector } from './host-sweep/index.js';
import { lateralMovementDetector } from './lateral-movement/index.js';
import { loginAfterFailuresDetector } from './login-after-failures/index.js';
import { loginBruteForceDetector } from './login-brute-force/index.js';
import { portScanDetector } from './port-scan/index.js';
import { rogueDhcpServerDetector } from './rogue-dhcp-server/index.js';

/**
 * Every detector Vigil runs. Adding one adds its folder and one line here; its `type` is the
 * folder's name and the alerts' stable `type`.
 */
export const detectors: readonly DetectorDefinition[] = [
  portScanDetector,
  hostSweepDetector,
  arpSweepDetector,
  addressConflictDetector,
  loginBruteForceDetector,
  loginAfterFailuresDetector,
  connectionChurnDetector,
  lateralMovementDetector,
  rogueDhcpServerDetector,
  gratuitousArpFloodDetector,
];
