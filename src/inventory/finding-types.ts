export type FindingSeverity = 'low' | 'medium' | 'high' | 'critical';

export interface FindingType {
  severity: FindingSeverity;
  summary: string;
  remedy: string;
}

/**
 * The findings Vigil raises from traffic, each with a severity and a one-line remedy, so every
 * finding reads the same wherever it was raised.
 */
export const findingTypes = {
  'cleartext-credentials': {
    severity: 'high',
    summary: 'accepts credentials sent in clear (HTTP Basic authentication without TLS)',
    remedy:
      'Serve the interface over HTTPS or turn off Basic authentication, then change the exposed credentials.',
  },
} as const satisfies Record<string, FindingType>;

export type FindingTypeName = keyof typeof findingTypes;
