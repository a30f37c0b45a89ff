/** Capabilities on the road map, each with the page its work will fill and what it will hold. */
export const plannedCapabilities = [
  {
    path: '/compliance',
    title: 'Training and compliance',
    purpose: 'Training and awareness records, and compliance reports.',
  },
];

export function PlannedCapability({ capability }: { capability: (typeof plannedCapabilities)[number] }) {
  return (
    <section>
      <h1>{capability.title}</h1>
      <p>{capability.purpose}</p>
      <p className="muted">Not built yet: this page is where it will appear.</p>
    </section>
  );
}
