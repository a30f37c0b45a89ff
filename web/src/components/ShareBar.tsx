/** A small horizontal bar filled to `share` (0 to 1), for a count against its whole: days left, devices done. */
export function ShareBar({ share, colour, label }: { share: number; colour: string; label: string }) {
  return (
    <span
      role="img"
      aria-label={label}
      style={{
        display: 'inline-block',
        width: 120,
        height: 10,
        background: '#e3e7ec',
        borderRadius: 5,
        verticalAlign: 'middle',
      }}
    >
      <span
        style={{
          display: 'block',
          width: `${Math.max(0, Math.min(1, share)) * 100}%`,
          height: '100%',
          background: colour,
          borderRadius: 5,
        }}
      />
    </span>
  );
}
