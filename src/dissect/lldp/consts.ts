/** EtherType of LLDP (IEEE 802.1AB). */
export const lldpEtherType = 0x88cc;

/** LLDP TLV types (IEEE 802.1AB-2016 §8.5). */
export const LldpTlv = {
  end: 0,
  chassisId: 1,
  portId: 2,
  timeToLive: 3,
  portDescription: 4,
  systemName: 5,
  systemDescription: 6,
  systemCapabilities: 7,
  managementAddress: 8,
} as const;

/** System capability bits (IEEE 802.1AB-2016 §8.5.8.1), lowest first. */
export const lldpCapabilityNames = [
  'other',
  'repeater',
  'bridge',
  'wlan-access-point',
  'router',
  'telephone',
  'docsis-cable-device',
  'station',
  'c-vlan',
  's-vlan',
  'two-port-mac-relay',
];

/** CDP rides on 802.3 + LLC/SNAP with Cisco's OUI and protocol id 0x2000 (Cisco CDP specification). */
export const cdpSnapHeader = Buffer.from([0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00]);

/** CDP TLV types carrying identity. */
export const CdpTlv = {
  deviceId: 0x0001,
  addresses: 0x0002,
  portId: 0x0003,
  capabilities: 0x0004,
  softwareVersion: 0x0005,
  platform: 0x0006,
} as const;
