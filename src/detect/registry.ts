import { addressConflictDetector } from './address-conflict/index.js';
import { arpSweepDetector } from './arp-sweep/index.js';
import { atypicalProtocolDetector } from './atypical-protocol/index.js';
import { cleartextCredentialsDetector } from './cleartext-credentials/index.js';
import { clinicalProtocolFromUntrustedZoneDetector } from './clinical-protocol-from-untrusted-zone/index.js';
import { clinicalProtocolToOutsideDetector } from './clinical-protocol-to-outside/index.js';
import { connectionChurnDetector } from './connection-churn/index.js';
import { defaultCredentialDetector } from './default-credential/index.js';
import type { DetectorDefinition } from './detector.js';
import { dicomQueryFromNewPeerDetector } from './dicom-query-from-new-peer/index.js';
import { dicomStoreToNewDestinationDetector } from './dicom-store-to-new-destination/index.js';
import { dnsServerUnexpectedDetector } from './dns-server-unexpected/index.js';
import { exfiltrationVolumeDetector } from './exfiltration-volume/index.js';
import { firmwareDowngradeDetector } from './firmware-downgrade/index.js';
import { gratuitousArpFloodDetector } from './gratuitous-arp-flood/index.js';
import { hl7NewSenderDetector } from './hl7-new-sender/index.js';
import { hostSweepDetector } from './host-sweep/index.js';
import { internetFromMedicalDeviceDetector } from './internet-from-medical-device/index.js';
import { lateralMovementDetector } from './lateral-movement/index.js';
import { lifeSustainingDeviceSilentDetector } from './life-sustaining-device-silent/index.js';
import { loginAfterFailuresDetector } from './login-after-failures/index.js';
import { loginBruteForceDetector } from './login-brute-force/index.js';
import { newDeviceOnClinicalSubnetDetector } from './new-device-on-clinical-subnet/index.js';
import { portScanDetector } from './port-scan/index.js';
import { ransomwareSmbDetector } from './ransomware-smb/index.js';
import { retiredDeviceSeenDetector } from './retired-device-seen/index.js';
import type { ReviewDetectorDefinition } from './review-detector.js';
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
  ransomwareSmbDetector,
  defaultCredentialDetector,
  clinicalProtocolToOutsideDetector,
  clinicalProtocolFromUntrustedZoneDetector,
];

/**
 * Detectors that judge a run once its devices are merged: deviations from learned baselines and
 * changes in the inventory. Adding one adds its folder and one line here.
 */
export const reviewDetectors: readonly ReviewDetectorDefinition[] = [
  dicomQueryFromNewPeerDetector,
  dicomStoreToNewDestinationDetector,
  hl7NewSenderDetector,
  exfiltrationVolumeDetector,
  internetFromMedicalDeviceDetector,
  atypicalProtocolDetector,
  dnsServerUnexpectedDetector,
  cleartextCredentialsDetector,
  newDeviceOnClinicalSubnetDetector,
  firmwareDowngradeDetector,
  lifeSustainingDeviceSilentDetector,
  retiredDeviceSeenDetector,
];
