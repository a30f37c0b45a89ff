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
