import { z } from 'zod';
import { approvePolicy, saveDraftPolicy } from '../../changes/policy-changes.js';
import { commsProfile, deviceCommsSubject } from '../../segment/comms-profile.js';
import { diffPolicies } from '../../segment/diff-policies.js';
import { EndpointGroups } from '../../segment/endpoint-groups.js';
import { generatePolicy } from '../../segment/generate-policy.js';
import { granularities, type Policy, type PolicyRule } from '../../segment/policy.js';
import { groupOfDevices } from '../../segment/security-group-tags.js';
import { loadLearningFlows, loadSegmentDevices } from '../../segment/segment-inputs.js';
import { simulatePolicy } from '../../segment/simulate-policy.js';
import { isoFromMs } from '../../store/timestamp-text.js';
import { HttpError, notFound } from '../routing/http-error.js';
import type { ServerContext } from '../server-context.js';

const policyParams = z.object({ id: z.string().regex(/^pol-\d{1,9}$/, 'a policy id such as pol-3') });
const isoTime = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), 'an ISO 8601 time')
  .optional();
const windowQuery = z.object({ since: isoTime, until: isoTime });
/** Groups the matrix shows by name; the rest are summed as `other`, so the heat map stays readable. */
const matrixGroups = 24;

/**
 * Segmentation policy in the console: versions, one with its rules, what it changes against
 * another, generation from the store's flows, approval by a second person whose role may, and
 * its simulation on the store's flows as a group × group matrix.
 */
export function registerPolicyRoutes(context: ServerContext): void {
  const { routes, store } = context;
  const requirePolicy = async (id: string): Promise<Policy> => {
    const policy = await store.policies.get(id);
    if (policy === undefined) throw notFound(`policy ${id}`);
    return policy;
  };
  const windowOf = (query: { since?: string | undefined; until?: string | undefined }) => ({
    ...(query.since === undefined ? {} : { since: isoFromMs(Date.parse(query.since)) }),
    ...(query.until === undefined ? {} : { until: isoFromMs(Date.parse(query.until)) }),
  });

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/policies',
      access: 'policy:read',
      tag: 'segmentation',
      summary: 'Every policy version, newest first, without its groups and rules',
    },
    async () => ({ versions: await store.policies.list() }),
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/policies',
      access: 'policy:write',
      tag: 'segmentation',
      summary:
        "A new draft from the store's flows in a learning window (audited as policy-generated): vigil policy generate",
      body: z.object({ granularity: z.enum(granularities), since: isoTime, until: isoTime }),
    },
    async ({ body, principal }) => {
      const flows = await loadLearningFlows(store, windowOf(body));
      if (flows.length === 0)
        throw new HttpError(400, 'no flows in the learning window: widen since/until', 'since');
      const groups = new EndpointGroups(
        await loadSegmentDevices(store, body.granularity),
        context.zones,
        body.granularity,
      );
      const draft = await saveDraftPolicy(
        store,
        generatePolicy(flows, groups),
        principal!.name,
        context.now(),
      );
      return { id: draft.id, rules: draft.rules.length, groups: draft.groups.length };
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/policies/:id',
      access: 'policy:read',
      tag: 'segmentation',
      summary: 'One version with its groups and ordered rules, each with why it exists',
      params: policyParams,
    },
    async ({ params }) => requirePolicy(params.id),
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/policies/:id/diff',
      access: 'policy:read',
      tag: 'segmentation',
      summary:
        'The rules this version adds, removes or changes against another (`against`, default: the version before)',
      params: policyParams,
      query: z.object({
        against: z
          .string()
          .regex(/^pol-\d{1,9}$/)
          .optional(),
      }),
    },
    async ({ params, query }) => {
      const after = await requirePolicy(params.id);
      const againstId = query.against ?? (after.version > 1 ? `pol-${after.version - 1}` : undefined);
      if (againstId === undefined) return { from: null, to: after.id, changes: [] };
      const before = await requirePolicy(againstId);
      return { from: before.id, to: after.id, changes: diffPolicies(before, after) };
    },
  );

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/policies/:id/approve',
      access: 'policy:approve',
      tag: 'segmentation',
      summary:
        'Approves a draft as the signed-in person (not an API token, not whoever generated it); supersedes the version approved before; audited as policy-approved',
      params: policyParams,
    },
    async ({ params, principal }) => {
      if (principal!.kind !== 'session')
        throw new HttpError(403, 'approving a policy needs a person signed in, not an API token');
      await requirePolicy(params.id);
      try {
        const approved = await approvePolicy(store, params.id, principal!.name, context.now());
        return {
          id: approved.id,
          status: approved.status,
          approvedBy: approved.approvedBy,
          approvedAt: approved.approvedAt,
        };
      } catch (error) {
        throw new HttpError(409, (error as Error).message.replace(/^--by: /, ''));
      }
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/policies/:id/simulation',
      access: 'policy:read',
      tag: 'segmentation',
      summary:
        "The version replayed on the store's flows in a window: totals, flows per rule, the blocked flows that would break care, fleet exposure, the widest blast radii, and the group × group matrix",
      params: policyParams,
      query: windowQuery,
    },
    async ({ params, query }) => {
      const policy = await requirePolicy(params.id);
      const devices = await loadSegmentDevices(store);
      const report = simulatePolicy(policy, await loadLearningFlows(store, windowOf(query)), devices, {
        listFlows: false,
        matrix: true,
      });
      const names = new Map(policy.groups.map((group) => [group.id, group.name]));
      const volume = new Map<string, number>();
      for (const cell of report.matrix)
        for (const group of [cell.from, cell.to])
          volume.set(group, (volume.get(group) ?? 0) + cell.allowed + cell.blocked + cell.wouldBreak);
      const shown = new Set(
        [...volume]
          .sort((a, b) => b[1] - a[1])
          .slice(0, matrixGroups)
          .map(([group]) => group),
      );
      const label = (group: string) => (shown.has(group) ? (names.get(group) ?? group) : 'other');
      const cells = new Map<
        string,
        { from: string; to: string; allowed: number; blocked: number; wouldBreak: number }
      >();
      for (const cell of report.matrix) {
        const from = label(cell.from);
        const to = label(cell.to);
        const merged = cells.get(`${from}\u0000${to}`) ?? { from, to, allowed: 0, blocked: 0, wouldBreak: 0 };
        merged.allowed += cell.allowed;
        merged.blocked += cell.blocked;
        merged.wouldBreak += cell.wouldBreak;
        cells.set(`${from}\u0000${to}`, merged);
      }
      return {
        policy: policy.id,
        totals: report.totals,
        rules: report.rules,
        clinicalImpact: report.clinicalImpact.slice(0, 100).map(({ firstSeenMs, ...flow }) => ({
          ...flow,
          firstSeen: new Date(firstSeenMs).toISOString(),
        })),
        fleetExposure: report.fleetExposure,
        blastRadius: report.blastRadius.slice(0, 20),
        matrix: [...cells.values()],
      };
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/devices/:id/comms',
      access: 'inventory:read',
      tag: 'segmentation',
      summary:
        "The device's communication profile: peers and services each way with flows, packets, bytes, first and last seen, and the application operations its baseline learned (vigil comms)",
      params: z.object({ id: z.string().min(1).max(100) }),
    },
    async ({ params }) => {
      const device = await store.devices.find(params.id);
      if (device === undefined) throw notFound(`device ${params.id}`);
      return commsProfile(store, deviceCommsSubject(device));
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/devices/:id/policy-rules',
      access: 'policy:read',
      tag: 'segmentation',
      summary:
        "The rules of the approved policy (else the latest draft) that name the device's group or a tag it is in, in order",
      params: z.object({ id: z.string().min(1).max(100) }),
    },
    async ({ params }) => {
      const device = await store.devices.find(params.id);
      if (device === undefined) throw notFound(`device ${params.id}`);
      const policy = (await store.policies.approved()) ?? (await store.policies.get());
      if (policy === undefined) return { policy: null, group: null, rules: [] };
      const groups = new Set(
        policy.groups.filter((group) => group.deviceIds.includes(device.id)).map((group) => group.id),
      );
      const names = (rule: PolicyRule) => groups.has(rule.from) || groups.has(rule.to);
      const group = groupOfDevices(policy).get(device.id);
      return {
        policy: { id: policy.id, status: policy.status },
        group: group === undefined ? null : { id: group.id, name: group.name },
        rules: policy.rules.filter(names),
      };
    },
  );
}
