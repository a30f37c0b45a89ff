import * as mandatoryTests from '@secvisogram/csaf-validator-lib/mandatoryTests.js';
import { csaf_2_0_strict } from '@secvisogram/csaf-validator-lib/schemaTests.js';
import validate, { type CsafTestResult } from '@secvisogram/csaf-validator-lib/validate.js';
import type { FeedProblem } from '../advisory.js';

/**
 * Checks a document against the CSAF 2.0 JSON schema (strict: no properties the standard does
 * not define) and then the standard's mandatory tests (§6.1: product ids defined once and
 * referenced only when defined, CVSS vectors agreeing with their scores, …), with the BSI
 * Secvisogram validator. The mandatory tests assume a schema-valid document, so they run only
 * on one. Returns what failed, located by JSON pointer; an empty list for a valid document.
 */
export async function validateCsaf(document: unknown, name: string): Promise<FeedProblem[]> {
  const schema = await validate([csaf_2_0_strict], document);
  if (!schema.isValid) return problemsOf(schema.tests, name);
  try {
    const mandatory = await validate(Object.values(mandatoryTests), document);
    return mandatory.isValid ? [] : problemsOf(mandatory.tests, name);
  } catch (error) {
    return [
      {
        name,
        location: null,
        message: `the CSAF mandatory tests could not run: ${(error as Error).message}`,
      },
    ];
  }
}

function problemsOf(tests: CsafTestResult[], name: string): FeedProblem[] {
  return tests
    .filter((test) => !test.isValid)
    .flatMap((test) =>
      test.errors.map((error) => ({
        name,
        location: error.instancePath === '' ? '/' : error.instancePath,
        message: `${test.name}: ${error.message}`,
      })),
    );
}
