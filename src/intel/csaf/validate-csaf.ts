import * as mandatoryTests from '@secvisogram/csaf-validator-lib/mandatoryTests.js';
import { csaf_2_0_strict } from '@secvisogram/csaf-validator-lib/schemaTests.js';
import validate from '@secvisogram/csaf-validator-lib/validate.js';
import type { FeedProblem } from '../advisory.js';

const tests = [csaf_2_0_strict, ...Object.values(mandatoryTests)];

/**
 * Checks a document against the CSAF 2.0 JSON schema (strict: no properties the standard does
 * not define) and the standard's mandatory tests (§6.1: product ids defined once and referenced
 * only when defined, CVSS vectors agreeing with their scores, …), with the BSI Secvisogram
 * validator. Returns what failed, located by JSON pointer; an empty list for a valid document.
 */
export async function validateCsaf(document: unknown, name: string): Promise<FeedProblem[]> {
  const result = await validate(tests, document);
  if (result.isValid) return [];
  return result.tests
    .filter((test) => !test.isValid)
    .flatMap((test) =>
      test.errors.map((error) => ({
        name,
        location: error.instancePath === '' ? '/' : error.instancePath,
        message: `${test.name}: ${error.message}`,
      })),
    );
}
