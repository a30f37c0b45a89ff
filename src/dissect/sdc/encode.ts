import { mdpwsNamespace, medicalDeviceType } from './consts.js';

/**
 * A WS-Discovery 1.1 Hello (SOAP-over-UDP) as an IEEE 11073-20702 SDC provider sends it, or a
 * plain DPWS device when `isMedicalDevice` is false, for the simulator.
 */
export function encodeWsDiscoveryHello(options: {
  messageId: string;
  endpoint: string;
  isMedicalDevice: boolean;
  scopes: readonly string[];
  xAddrs: readonly string[];
}): Buffer {
  const types = options.isMedicalDevice ? `dpws:Device mdpws:${medicalDeviceType}` : 'dpws:Device';
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>' +
      '<s12:Envelope xmlns:s12="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing" ' +
      'xmlns:wsd="http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01" xmlns:dpws="http://docs.oasis-open.org/ws-dd/ns/dpws/2009/01" ' +
      `xmlns:mdpws="${mdpwsNamespace}">` +
      '<s12:Header><wsa:Action>http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01/Hello</wsa:Action>' +
      `<wsa:MessageID>${options.messageId}</wsa:MessageID><wsa:To>urn:docs-oasis-open-org:ws-dd:ns:discovery:2009:01</wsa:To></s12:Header>` +
      `<s12:Body><wsd:Hello><wsa:EndpointReference><wsa:Address>${options.endpoint}</wsa:Address></wsa:EndpointReference>` +
      `<wsd:Types>${types}</wsd:Types><wsd:Scopes>${options.scopes.join(' ').replaceAll('&', '&amp;')}</wsd:Scopes>` +
      `<wsd:XAddrs>${options.xAddrs.join(' ')}</wsd:XAddrs><wsd:MetadataVersion>1</wsd:MetadataVersion></wsd:Hello></s12:Body></s12:Envelope>`,
  );
}

const soapEnvelopeStart =
  '<?xml version="1.0" encoding="UTF-8"?><s12:Envelope xmlns:s12="http://www.w3.org/2003/05/soap-envelope" ' +
  'xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:mex="http://schemas.xmlsoap.org/ws/2004/09/mex" ' +
  'xmlns:dpws="http://docs.oasis-open.org/ws-dd/ns/dpws/2009/01">';

function xmlText(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
}

/** A WS-Transfer Get (DPWS 1.1 §5.1) to a device's endpoint: the request for its metadata. */
export function encodeDpwsGet(endpoint: string, messageId: string): Buffer {
  return Buffer.from(
    `${soapEnvelopeStart}<s12:Header><wsa:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</wsa:Action>` +
      `<wsa:MessageID>${messageId}</wsa:MessageID><wsa:To>${endpoint}</wsa:To></s12:Header><s12:Body/></s12:Envelope>`,
  );
}

/** The device's GetResponse: ThisModel and ThisDevice (DPWS 1.1 §5.1.2–3). */
export function encodeDpwsGetResponse(
  relatesTo: string,
  device: {
    manufacturer: string;
    modelName: string;
    friendlyName: string;
    firmwareVersion: string;
    serialNumber: string;
  },
): Buffer {
  return Buffer.from(
    `${soapEnvelopeStart}<s12:Header><wsa:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse</wsa:Action>` +
      `<wsa:RelatesTo>${relatesTo}</wsa:RelatesTo></s12:Header><s12:Body><mex:Metadata>` +
      '<mex:MetadataSection Dialect="http://docs.oasis-open.org/ws-dd/ns/dpws/2009/01/ThisModel"><dpws:ThisModel>' +
      `<dpws:Manufacturer>${xmlText(device.manufacturer)}</dpws:Manufacturer><dpws:ModelName>${xmlText(device.modelName)}</dpws:ModelName>` +
      '</dpws:ThisModel></mex:MetadataSection>' +
      '<mex:MetadataSection Dialect="http://docs.oasis-open.org/ws-dd/ns/dpws/2009/01/ThisDevice"><dpws:ThisDevice>' +
      `<dpws:FriendlyName>${xmlText(device.friendlyName)}</dpws:FriendlyName><dpws:FirmwareVersion>${xmlText(device.firmwareVersion)}</dpws:FirmwareVersion>` +
      `<dpws:SerialNumber>${xmlText(device.serialNumber)}</dpws:SerialNumber></dpws:ThisDevice></mex:MetadataSection>` +
      '</mex:Metadata></s12:Body></s12:Envelope>',
  );
}
