// A monitor gateway's FHIR traffic for the FHIR capture test, sent with fhir-kit-client: read the
// server's CapabilityStatement, register a patient, search for and read them, post a heart rate.
// Usage: node fhir-client.mjs <base URL> <family> <given> <birth date> <MRN>
import { Client } from 'fhir-kit-client';

const [baseUrl, family, given, birthDate, mrn] = process.argv.slice(2);
const client = new Client({ baseUrl });
await client.capabilityStatement();
await client.create({
  resourceType: 'Patient',
  body: {
    resourceType: 'Patient',
    identifier: [{ value: mrn }],
    name: [{ family, given: [given] }],
    birthDate,
  },
});
// The server answers a create with 201 and no body: the new id comes from a search.
const found = await client.search({
  resourceType: 'Patient',
  searchParams: { family, birthdate: birthDate },
});
const patient = found.entry[0].resource;
await client.read({ resourceType: 'Patient', id: patient.id });
await client.create({
  resourceType: 'Observation',
  body: {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
    subject: { reference: `Patient/${patient.id}` },
    valueQuantity: { value: 72, unit: '/min' },
  },
});
await client.search({ resourceType: 'Observation', searchParams: { subject: `Patient/${patient.id}` } });
