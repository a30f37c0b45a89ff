/**
 * The device mix of the simulated hospital: each kind of device with its category, zone, share
 * of the endpoints, the manufacturers that make it (with an OUI the IEEE registered to them) and
 * models with firmware versions, and what it does on the network. Proportions follow what
 * hospital inventories report: pumps and monitors outnumber everything clinical; workstations
 * outnumber everything else.
 */

export type ZoneName =
  | 'icu'
  | 'radiology'
  | 'lab'
  | 'pharmacy'
  | 'admin'
  | 'guest'
  | 'building'
  | 'datacenter';

/** Zones in subnet order: zone n is 10.(10 + n).0.0/16. */
export const zoneNames: readonly ZoneName[] = [
  'icu',
  'radiology',
  'lab',
  'pharmacy',
  'admin',
  'guest',
  'building',
  'datacenter',
];

export type Behaviour =
  | 'dicom-store'
  | 'hl7-results'
  | 'hl7-admissions'
  | 'poct'
  | 'sdc-discovery'
  | 'smb2'
  | 'smb1'
  | 'vendor-cloud'
  | 'telnet-service'
  | 'ftp-service'
  | 'web-ui';

/** Services that other devices' behaviours talk to; one device of the data centre plays each. */
export type ServiceRole =
  | 'router'
  | 'dhcp-dns'
  | 'pacs'
  | 'interface-engine'
  | 'ehr'
  | 'file-server'
  | 'poc-manager'
  | 'service-laptop';

export interface Model {
  name: string;
  firmware: readonly string[];
}

export interface Make {
  manufacturer: string;
  /** An MA-L prefix the IEEE registered to this manufacturer (checked against the registry in tests). */
  oui: string;
  models: readonly Model[];
}

export interface DeviceKind {
  type: string;
  category: 'medical' | 'IT' | 'IoT' | 'OT';
  zone: ZoneName;
  /** Share of the endpoints, in parts per thousand; service devices have a fixed count instead. */
  perMille: number;
  service?: ServiceRole;
  hostPrefix: string;
  makes: readonly Make[];
  behaviours: readonly Behaviour[];
  /** For modalities: the DICOM storage SOP class their images are. */
  sopClassUid?: string;
  modality?: string;
}

const ge = { manufacturer: 'GE Healthcare', oui: '44:4b:5d' };
const philipsMonitoring = { manufacturer: 'Philips', oui: '00:09:5c' };

export const deviceKinds: readonly DeviceKind[] = [
  {
    type: 'infusion pump',
    category: 'medical',
    zone: 'icu',
    perMille: 220,
    hostPrefix: 'pump',
    makes: [
      {
        manufacturer: 'Baxter',
        oui: '58:42:e4',
        models: [{ name: 'Spectrum IQ', firmware: ['9.02.01', '9.11.03'] }],
      },
      {
        manufacturer: 'BD',
        oui: '9c:c8:ae',
        models: [{ name: 'Alaris 8015', firmware: ['12.1.2', '12.3.0'] }],
      },
      {
        manufacturer: 'ICU Medical',
        oui: '00:03:b1',
        models: [{ name: 'Plum 360', firmware: ['15.10', '15.11'] }],
      },
      {
        manufacturer: 'Fresenius Kabi',
        oui: '00:13:38',
        models: [{ name: 'Agilia Connect', firmware: ['3.3', '4.1'] }],
      },
    ],
    behaviours: ['vendor-cloud', 'telnet-service'],
  },
  {
    type: 'patient monitor',
    category: 'medical',
    zone: 'icu',
    perMille: 140,
    hostPrefix: 'mon',
    makes: [
      { ...philipsMonitoring, models: [{ name: 'IntelliVue MX450', firmware: ['M.00.03', 'N.00.02'] }] },
      {
        manufacturer: 'Draeger',
        oui: '00:10:5d',
        models: [{ name: 'Infinity M540', firmware: ['VG3.1.2', 'VG4.0'] }],
      },
      {
        manufacturer: 'Mindray',
        oui: '00:0f:14',
        models: [{ name: 'BeneVision N12', firmware: ['02.03', '03.01'] }],
      },
      {
        manufacturer: 'Nihon Kohden',
        oui: '00:a0:9a',
        models: [{ name: 'Life Scope G5', firmware: ['05-20'] }],
      },
    ],
    behaviours: ['sdc-discovery', 'hl7-results'],
  },
  {
    type: 'central station',
    category: 'medical',
    zone: 'icu',
    perMille: 12,
    hostPrefix: 'cns',
    makes: [
      { ...philipsMonitoring, models: [{ name: 'IntelliVue Information Center iX', firmware: ['C.00.10'] }] },
      { manufacturer: 'Spacelabs', oui: '00:a0:aa', models: [{ name: 'XprezzNet', firmware: ['2.4.1'] }] },
    ],
    behaviours: ['hl7-results', 'smb1'],
  },
  {
    type: 'CT scanner',
    category: 'medical',
    zone: 'radiology',
    perMille: 6,
    hostPrefix: 'ct',
    makes: [{ ...ge, models: [{ name: 'Revolution CT', firmware: ['rev_ct_21.1', 'rev_ct_22.0'] }] }],
    behaviours: ['dicom-store', 'vendor-cloud'],
    sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
    modality: 'CT',
  },
  {
    type: 'MR scanner',
    category: 'medical',
    zone: 'radiology',
    perMille: 4,
    hostPrefix: 'mr',
    makes: [{ ...ge, models: [{ name: 'SIGNA Premier', firmware: ['MR30.1'] }] }],
    behaviours: ['dicom-store', 'vendor-cloud'],
    sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
    modality: 'MR',
  },
  {
    type: 'ultrasound',
    category: 'medical',
    zone: 'radiology',
    perMille: 10,
    hostPrefix: 'us',
    makes: [{ ...philipsMonitoring, models: [{ name: 'EPIQ Elite', firmware: ['9.0.3', '10.0.1'] }] }],
    behaviours: ['dicom-store'],
    sopClassUid: '1.2.840.10008.5.1.4.1.1.6.1',
    modality: 'US',
  },
  {
    type: 'X-ray',
    category: 'medical',
    zone: 'radiology',
    perMille: 8,
    hostPrefix: 'dx',
    makes: [
      {
        manufacturer: 'Carestream',
        oui: '00:1d:4a',
        models: [{ name: 'DRX-Evolution Plus', firmware: ['5.7.412'] }],
      },
    ],
    behaviours: ['dicom-store', 'smb1'],
    sopClassUid: '1.2.840.10008.5.1.4.1.1.1.1',
    modality: 'DX',
  },
  {
    type: 'lab analyser',
    category: 'medical',
    zone: 'lab',
    perMille: 30,
    hostPrefix: 'lab',
    makes: [
      {
        manufacturer: 'Roche',
        oui: '00:0e:2f',
        models: [{ name: 'cobas 8000', firmware: ['06-01', '07-02'] }],
      },
      { manufacturer: 'Sysmex', oui: '00:06:6b', models: [{ name: 'XN-1000', firmware: ['00-25'] }] },
      { manufacturer: 'Abbott', oui: '00:13:dd', models: [{ name: 'Alinity ci', firmware: ['3.5.0'] }] },
      {
        manufacturer: 'Siemens Healthineers',
        oui: '00:18:65',
        models: [{ name: 'Atellica Solution', firmware: ['1.27'] }],
      },
    ],
    behaviours: ['hl7-results', 'telnet-service', 'ftp-service'],
  },
  {
    type: 'POC meter',
    category: 'medical',
    zone: 'lab',
    perMille: 25,
    hostPrefix: 'poc',
    makes: [
      { manufacturer: 'Abbott', oui: 'c0:a2:6d', models: [{ name: 'i-STAT 1', firmware: ['JAMS 147'] }] },
      {
        manufacturer: 'Roche',
        oui: '00:0e:2f',
        models: [{ name: 'Accu-Chek Inform II', firmware: ['03.04.00'] }],
      },
    ],
    behaviours: ['poct'],
  },
  {
    type: 'medication cabinet',
    category: 'medical',
    zone: 'pharmacy',
    perMille: 12,
    hostPrefix: 'rx',
    makes: [
      { manufacturer: 'BD', oui: '9c:c8:ae', models: [{ name: 'Pyxis MedStation ES', firmware: ['1.7.2'] }] },
    ],
    behaviours: ['hl7-results', 'smb2'],
  },
  {
    type: 'nurse call',
    category: 'IoT',
    zone: 'icu',
    perMille: 15,
    hostPrefix: 'nc',
    makes: [
      { manufacturer: 'Rauland', oui: '00:90:5e', models: [{ name: 'Responder 5', firmware: ['5.3'] }] },
      { manufacturer: 'Ascom', oui: '00:01:3e', models: [{ name: 'telligence', firmware: ['2.1'] }] },
    ],
    behaviours: ['web-ui'],
  },
  {
    type: 'workstation',
    category: 'IT',
    zone: 'admin',
    perMille: 330,
    hostPrefix: 'ws',
    makes: [
      {
        manufacturer: 'Dell',
        oui: '10:98:19',
        models: [{ name: 'OptiPlex 7010', firmware: ['Windows 11 23H2'] }],
      },
      {
        manufacturer: 'HP',
        oui: '18:60:24',
        models: [{ name: 'EliteDesk 800 G6', firmware: ['Windows 10 22H2'] }],
      },
      {
        manufacturer: 'Lenovo',
        oui: '20:76:93',
        models: [{ name: 'ThinkCentre M70q', firmware: ['Windows 11 23H2'] }],
      },
    ],
    behaviours: ['smb2', 'vendor-cloud'],
  },
  {
    type: 'printer',
    category: 'IT',
    zone: 'admin',
    perMille: 50,
    hostPrefix: 'prn',
    makes: [
      { manufacturer: 'Lexmark', oui: '00:04:00', models: [{ name: 'MX622', firmware: ['MXTGW.081.215'] }] },
      { manufacturer: 'Zebra', oui: '00:05:12', models: [{ name: 'ZD621', firmware: ['V93.21.15Z'] }] },
    ],
    behaviours: ['web-ui', 'telnet-service', 'ftp-service'],
  },
  {
    type: 'IP camera',
    category: 'IoT',
    zone: 'building',
    perMille: 40,
    hostPrefix: 'cam',
    makes: [
      { manufacturer: 'Axis', oui: '00:40:8c', models: [{ name: 'P3265-LVE', firmware: ['10.12.240'] }] },
      {
        manufacturer: 'Hikvision',
        oui: '18:80:25',
        models: [{ name: 'DS-2CD2143G2', firmware: ['V5.7.3'] }],
      },
    ],
    behaviours: ['web-ui', 'vendor-cloud'],
  },
  {
    type: 'HVAC controller',
    category: 'OT',
    zone: 'building',
    perMille: 20,
    hostPrefix: 'hvac',
    makes: [
      {
        manufacturer: 'Johnson Controls',
        oui: '00:10:8d',
        models: [{ name: 'Metasys NAE55', firmware: ['11.0'] }],
      },
      { manufacturer: 'Tridium', oui: '00:01:f0', models: [{ name: 'JACE 8000', firmware: ['4.10.2b'] }] },
    ],
    behaviours: ['web-ui', 'telnet-service'],
  },
  {
    type: 'laptop',
    category: 'IT',
    zone: 'guest',
    perMille: 78,
    hostPrefix: 'laptop',
    makes: [
      {
        manufacturer: 'Microsoft',
        oui: '20:16:42',
        models: [{ name: 'Surface Laptop', firmware: ['Windows 11'] }],
      },
    ],
    behaviours: ['vendor-cloud'],
  },
];

const server = {
  manufacturer: 'Dell',
  oui: '10:98:19',
  models: [{ name: 'PowerEdge R750', firmware: ['Windows Server 2022'] }],
};

/** The data centre: one device per service the others use. */
export const serviceKinds: readonly DeviceKind[] = [
  {
    type: 'router',
    category: 'IT',
    zone: 'datacenter',
    perMille: 0,
    service: 'router',
    hostPrefix: 'core-rtr',
    makes: [
      { manufacturer: 'Cisco', oui: '10:57:25', models: [{ name: 'Catalyst 9500', firmware: ['17.9.4'] }] },
    ],
    behaviours: [],
  },
  {
    type: 'server',
    category: 'IT',
    zone: 'datacenter',
    perMille: 0,
    service: 'dhcp-dns',
    hostPrefix: 'dc',
    makes: [server],
    behaviours: [],
  },
  {
    type: 'PACS',
    category: 'medical',
    zone: 'datacenter',
    perMille: 0,
    service: 'pacs',
    hostPrefix: 'pacs',
    makes: [{ ...ge, models: [{ name: 'Centricity PACS', firmware: ['7.0 SP1'] }] }],
    behaviours: [],
  },
  {
    type: 'interface engine',
    category: 'medical',
    zone: 'datacenter',
    perMille: 0,
    service: 'interface-engine',
    hostPrefix: 'hl7',
    makes: [server],
    behaviours: [],
  },
  {
    type: 'EHR server',
    category: 'medical',
    zone: 'datacenter',
    perMille: 0,
    service: 'ehr',
    hostPrefix: 'ehr',
    makes: [server],
    behaviours: ['hl7-admissions'],
  },
  {
    type: 'server',
    category: 'IT',
    zone: 'datacenter',
    perMille: 0,
    service: 'file-server',
    hostPrefix: 'fs',
    makes: [server],
    behaviours: [],
  },
  {
    type: 'POC data manager',
    category: 'medical',
    zone: 'datacenter',
    perMille: 0,
    service: 'poc-manager',
    hostPrefix: 'poc-dm',
    makes: [server],
    behaviours: [],
  },
  {
    type: 'laptop',
    category: 'IT',
    zone: 'admin',
    perMille: 0,
    service: 'service-laptop',
    hostPrefix: 'biomed',
    makes: [
      {
        manufacturer: 'Lenovo',
        oui: '20:76:93',
        models: [{ name: 'ThinkPad T14', firmware: ['Windows 11 23H2'] }],
      },
    ],
    behaviours: [],
  },
];
