import { describe, expect, it } from 'vitest';
import { fhirRequestShape } from './interaction.js';

describe('fhirRequestShape', () => {
  it('names each RESTful interaction of http://hl7.org/fhir/R4/http.html, whatever the service base', () => {
    const cases: [string, string, string | undefined, string | undefined][] = [
      ['GET', '/fhir/r4/metadata', 'capabilities', undefined],
      ['GET', '/Patient/7', 'read', 'Patient'],
      ['GET', '/baseR4/Patient/7/_history/3', 'vread', 'Patient'],
      ['PUT', '/Patient/7', 'update', 'Patient'],
      ['PUT', '/Patient?identifier=x', 'update', 'Patient'],
      ['PATCH', '/Patient/7', 'patch', 'Patient'],
      ['DELETE', '/Observation/a.b-1', 'delete', 'Observation'],
      ['GET', '/Patient/7/_history', 'history-instance', 'Patient'],
      ['GET', '/Patient/_history', 'history-type', 'Patient'],
      ['GET', '/fhir/_history', 'history-system', undefined],
      ['POST', '/fhir/Observation', 'create', 'Observation'],
      ['GET', '/fhir/Observation?code=8867-4', 'search-type', 'Observation'],
      ['POST', '/fhir/Observation/_search', 'search-type', 'Observation'],
      ['GET', '/fhir/Patient/7/Observation', 'search-type', 'Observation'],
      ['POST', '/fhir/_search', 'search-system', undefined],
      ['POST', '/fhir/', 'batch', undefined],
      ['GET', '/fhir/Patient/7/$everything', 'operation', 'Patient'],
      ['POST', '/fhir/$export', 'operation', undefined],
    ];
    for (const [method, target, interaction, resourceType] of cases)
      expect([
        target,
        fhirRequestShape(method, target)?.interaction,
        fhirRequestShape(method, target)?.resourceType,
      ]).toEqual([target, interaction, resourceType]);
    expect(fhirRequestShape('GET', '/fhir/Patient/7/$everything')?.operation).toBe('$everything');
  });

  it('refuses paths that fit no interaction', () => {
    for (const [method, target] of [
      ['GET', '/metadata/instance'],
      ['POST', '/Patient/7'],
      ['GET', '/Patient/7/_history/3/extra'],
      ['GET', '/Patient/not an id!'],
      ['GET', '/Patient/7/NotAType'],
    ] as const)
      expect(fhirRequestShape(method, target)).toBeUndefined();
  });

  it('names query parameters without their values, modifiers and chains folded', () => {
    expect(
      fhirRequestShape(
        'GET',
        '/Patient?family:exact=ROE&birthdate=1980-02-02&general-practitioner.name=X&_count=5',
      )?.queryParameters,
    ).toEqual(['family', 'birthdate', 'general-practitioner', '_count']);
  });
});
