import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dissectDatagram, randomOrMutated } from '../../../test/support/dissect-datagram.js';
import { InventoryBuilder } from '../../inventory/inventory-builder.js';
import { OuiRegistry } from '../../inventory/oui-registry.js';
import { wsDiscoveryDissector } from './index.js';
import type { WsDiscoveryObservation } from './observation.js';

function dissect(payload: Buffer) {
  return dissectDatagram(wsDiscoveryDissector, payload, {
    source: '10.7.0.21',
    destination: '239.255.255.250',
    sourcePort: 3702,
    destinationPort: 3702,
  });
}

/**
 * A Hello as IEEE 11073-20702 has an SDC provider send it: the MDPWS MedicalDevice type, SDC
 * scopes for the device component type, location and patient context (an invented patient).
 */
const sdcHello = Buffer.from(
  `<?xml version="1.0" encoding="UTF-8"?>
<s12:Envelope xmlns:s12="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing"
  xmlns:wsd="http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01" xmlns:dpws="http://docs.oasis-open.org/ws-dd/ns/dpws/2009/01"
  xmlns:mdpws="http://standards.ieee.org/downloads/11073/11073-20702-2016">
  <s12:Header><wsa:Action>http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01/Hello</wsa:Action>
    <wsa:MessageID>urn:uuid:5d0a1c3e-0000-4000-8000-000000000001</wsa:MessageID></s12:Header>
  <s12:Body><wsd:Hello>
    <wsa:EndpointReference><wsa:Address>urn:uuid:0f5c3b2a-7a1e-4c55-9d0b-5e5e5e5e5e5e</wsa:Address></wsa:EndpointReference>
    <wsd:Types>dpws:Device mdpws:MedicalDevice</wsd:Types>
    <wsd:Scopes>sdc.mds.pkp:1.2.840.10004.20701.1.1 sdc.cdc.type:///69650 sdc.ctxt.loc:/sdc.ctxt.loc.detail/HOSP%2F%2F%2FICU%2F101%2F3?fac=HOSP&amp;poc=ICU&amp;rm=101&amp;bed=3 sdc.ctxt.pat:/sdc.ctxt.pat.detail/HOSP%2FPID-778899</wsd:Scopes>
    <wsd:XAddrs>https://10.7.0.21:6464/sdc</wsd:XAddrs><wsd:MetadataVersion>3</wsd:MetadataVersion>
  </wsd:Hello></s12:Body></s12:Envelope>`,
);

describe('wsDiscoveryDissector', () => {
  it('recognises an SDC medical device and keeps its scopes but never the patient context', () => {
    const { observations, counters } = dissect(sdcHello);
    expect(counters.malformed).toBe(0);
    const hello = observations[0] as WsDiscoveryObservation;
    expect(hello).toMatchObject({
      action: 'Hello',
      endpoint: 'urn:uuid:0f5c3b2a-7a1e-4c55-9d0b-5e5e5e5e5e5e',
      isSdcMedicalDevice: true,
      hasPatientScope: true,
      xAddrs: ['https://10.7.0.21:6464/sdc'],
    });
    expect(hello.scopes).toEqual([
      'sdc.mds.pkp:1.2.840.10004.20701.1.1',
      'sdc.cdc.type:///69650',
      'sdc.ctxt.loc:fac=HOSP&poc=ICU&rm=101&bed=3',
    ]);
    expect(JSON.stringify(observations)).not.toContain('PID-778899');
  });

  it('makes the announcing device an SDC medical device with its location, and flags the patient scope', () => {
    const builder = new InventoryBuilder(OuiRegistry.load());
    for (const observation of dissect(sdcHello).observations) builder.observe(observation);
    const [device] = builder.devices();
    const values = (name: string) =>
      [...device!.attributes.values()].filter((a) => a.name === name).map((a) => a.value);
    expect(values('clinical.role')).toEqual(['SDC medical device']);
    expect(values('location')).toEqual(['fac=HOSP&poc=ICU&rm=101&bed=3']);
    expect(values('sdc.component-type')).toEqual(['///69650']);
    expect([...device!.protocols.keys()].sort()).toEqual(['sdc', 'ws-discovery']);
    expect(device!.findings.get('phi-cleartext')?.detail).toBe(
      'SDC: 1 of 1 announcements carried patient context scope',
    );
  });

  it('counts malformed XML and never throws on random or mutated datagrams', () => {
    fc.assert(
      fc.property(randomOrMutated(sdcHello, 200, 6), (payload) => {
        const { observations, counters } = dissect(payload);
        expect(observations.length + counters.malformed).toBe(1);
        expect(JSON.stringify(observations)).not.toContain('PID-778899');
      }),
      { numRuns: 5_000 },
    );
  });
});
