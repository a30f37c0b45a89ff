// Types for the parts of @secvisogram/csaf-validator-lib that Vigil calls; the package ships JavaScript only.
declare module '@secvisogram/csaf-validator-lib/validate.js' {
  export interface CsafTestResult {
    name: string;
    isValid: boolean;
    errors: { instancePath: string; message: string }[];
  }
  export type CsafDocumentTest = (document: unknown) => unknown;
  export default function validate(
    tests: CsafDocumentTest[],
    document: unknown,
  ): Promise<{ isValid: boolean; tests: CsafTestResult[] }>;
}

declare module '@secvisogram/csaf-validator-lib/schemaTests.js' {
  import type { CsafDocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';
  export const csaf_2_0_strict: CsafDocumentTest;
}

declare module '@secvisogram/csaf-validator-lib/mandatoryTests.js' {
  import type { CsafDocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';
  const tests: Record<string, CsafDocumentTest>;
  export = tests;
}
