import { useApi } from '../use-api.js';
import { LifecycleSection } from './governance/LifecycleSection.js';
import { PatchPlanningSection } from './governance/PatchPlanningSection.js';
import { ProcurementSection } from './governance/ProcurementSection.js';
import { ResponsibilitySection } from './governance/ResponsibilitySection.js';

/**
 * Governance of the fleet over its life: support dates and end of life, the manufacturers'
 * disclosures, who is responsible for what, when devices can be patched, and what to ask before
 * buying.
 */
export function Governance() {
  const forms = useApi<{ forms: { manufacturer: string; model: string }[] }>('/api/v1/mds2');
  const lifecycle = useApi<{ models: { manufacturer: string; model: string }[] }>('/api/v1/lifecycle');
  const models = new Map<string, { manufacturer: string; model: string }>();
  for (const entry of [...(forms.data?.forms ?? []), ...(lifecycle.data?.models ?? [])])
    models.set(`${entry.manufacturer.toLowerCase()} ${entry.model.toLowerCase()}`, {
      manufacturer: entry.manufacturer,
      model: entry.model,
    });
  return (
    <section>
      <h1>Governance</h1>
      <p className="muted">
        The lifecycle of the fleet, from purchase to disposal: support dates, manufacturer disclosures, shared
        responsibility, patch windows and campaigns, and pre-purchase reviews.
      </p>
      <LifecycleSection />
      <ResponsibilitySection models={[...models.values()]} />
      <PatchPlanningSection />
      <ProcurementSection />
    </section>
  );
}
