/** A risk level as a coloured label with its score; the words carry the meaning, not the colour. */
export function RiskBadge({ level, score }: { level: string; score?: number }) {
  return (
    <span className={`risk risk-${level}`}>
      {score !== undefined ? `${score.toFixed(1)} ` : ''}
      {level}
    </span>
  );
}
