/** The colour of each risk level and severity, the same in every chart and map. */
export const riskColours: Record<string, string> = {
  critical: '#9b1c1c',
  high: '#c2410c',
  medium: '#a16207',
  low: '#3f6212',
};
