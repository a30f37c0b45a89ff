/**
 * What segmentation treats as clinical, as administration and as reach. Ports are the responder's
 * (the service's) port; a simulated or real site that runs a service elsewhere adds it here.
 */

/** Applications whose blocked flow is clinical impact, by transport and service port. */
export const clinicalApplications: readonly {
  name: string;
  protocol: 'tcp' | 'udp';
  ports: readonly number[];
}[] = Object.freeze([
  { name: 'DICOM', protocol: 'tcp', ports: [104, 11112, 4242, 2761, 2762] },
  { name: 'HL7 MLLP', protocol: 'tcp', ports: [2575, 6661] },
  { name: 'POCT1-A', protocol: 'tcp', ports: [7001] },
  // IEEE 11073 SDC: WS-Discovery on UDP 3702; its services run on ports the discovery announces.
  { name: 'SDC discovery', protocol: 'udp', ports: [3702] },
  { name: 'FHIR', protocol: 'tcp', ports: [8080, 8443] },
]);

/**
 * Remote administration and file services that reach a medical device only from a maintenance
 * group. SMBv1 cannot be told from later dialects by port, so SMB is named whole.
 */
export const maintenanceServices: readonly { name: string; protocol: 'tcp'; port: number }[] = Object.freeze([
  { name: 'FTP', protocol: 'tcp', port: 21 },
  { name: 'telnet', protocol: 'tcp', port: 23 },
  { name: 'NetBIOS session (SMBv1)', protocol: 'tcp', port: 139 },
  { name: 'SMB', protocol: 'tcp', port: 445 },
  { name: 'RDP', protocol: 'tcp', port: 3389 },
  { name: 'VNC', protocol: 'tcp', port: 5900 },
]);

/** How much reaching a device weighs in a blast radius, by its clinical function (taxonomy.json). */
export const reachWeightByClinicalFunction: Readonly<Record<string, number>> = Object.freeze({
  'life-sustaining': 5,
  'patient-connected': 4,
  diagnostic: 3,
  therapeutic: 3,
  administrative: 2,
  none: 1,
});

/** Examples of flows kept as a rule's justification. */
export const justificationExamples = 3;

/**
 * The VLAN a NAC profile recommends, by clinical function for medical devices and by category
 * otherwise: a starting plan that keeps life-sustaining devices apart from diagnostic imaging and
 * both apart from IT, IoT and guests. A hospital replaces these numbers with its own.
 */
export const recommendedVlans: Readonly<{
  byClinicalFunction: Readonly<Record<string, number>>;
  byCategory: Readonly<Record<string, number>>;
  unknown: number;
}> = Object.freeze({
  byClinicalFunction: Object.freeze({
    'life-sustaining': 110,
    'patient-connected': 120,
    diagnostic: 130,
    therapeutic: 140,
    administrative: 200,
  }),
  byCategory: Object.freeze({ medical: 150, IT: 200, IoT: 300, OT: 310 }),
  unknown: 999,
});
