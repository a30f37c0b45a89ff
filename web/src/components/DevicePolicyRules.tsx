import type { PolicyRule } from '../../../src/segment/policy.js';
import { Link } from '../router.js';
import { useApi } from '../use-api.js';

/** The segmentation rules that name a device's group, on its page: what it may reach and what may reach it. */
export function DevicePolicyRules({ deviceId }: { deviceId: string }) {
  const { data } = useApi<{
    policy: { id: string; status: string } | null;
    group: { id: string; name: string } | null;
    rules: PolicyRule[];
  }>(`/api/v1/devices/${encodeURIComponent(deviceId)}/policy-rules`);
  if (data === null) return null;
  return (
    <section className="panel" aria-labelledby="policy-rules-heading">
      <h2 id="policy-rules-heading">Segmentation</h2>
      {data.policy === null ? (
        <p className="muted">No policy yet.</p>
      ) : (
        <>
          <p>
            In <Link to={`/segmentation?policy=${data.policy.id}`}>{data.policy.id}</Link> (
            {data.policy.status}):{' '}
            {data.group === null
              ? 'in no group (what it does is denied by default)'
              : `group ${data.group.name}`}
            .
          </p>
          <ul>
            {data.rules.map((rule) => (
              <li key={rule.id}>
                {rule.id} {rule.action} {rule.from} → {rule.to} {rule.protocol}
                {rule.ports.length > 0 ? `/${rule.ports.join(',')}` : ''}: {rule.justification.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
