import { isOfModel } from '../govern/model-devices.js';
import {
  controlAreaNames,
  type ResponsibleParty,
  responsibleParties,
} from '../govern/responsibility/control-areas.js';
import { type AreaAssignment, responsibilityMatrix } from '../govern/responsibility/responsibility-matrix.js';
import { attributeValues } from '../inventory/device-record.js';
import type { Store } from '../store/open-store.js';

export interface AssignRequest {
  manufacturer: string;
  model: string;
  area: string;
  responsible: string;
  team?: string | undefined;
  note?: string | undefined;
  actor: string;
}

/** Why an assignment cannot be recorded, naming the field; or null. */
export function assignmentProblem(request: Omit<AssignRequest, 'actor'>): string | null {
  if (request.manufacturer.trim() === '' || request.model.trim() === '')
    return 'manufacturer and model: expected both, got an empty one';
  if (!controlAreaNames.includes(request.area))
    return `area: expected one of ${controlAreaNames.join(', ')}, got "${request.area}"`;
  if (!(responsibleParties as readonly string[]).includes(request.responsible))
    return `responsible: expected one of ${responsibleParties.join(', ')}, got "${request.responsible}"`;
  if (request.responsible === 'manufacturer' && request.team !== undefined)
    return 'team: a hospital team carries only a hospital or shared area, not the manufacturer’s';
  return null;
}

/** Records who carries a control area of a model; audited as `responsibility-assigned` with before and after. */
export async function assignResponsibility(store: Store, request: AssignRequest, nowMs: number) {
  const problem = assignmentProblem(request);
  if (problem !== null) throw new Error(problem);
  const before = (await store.responsibilities.ofModel(request.manufacturer, request.model)).find(
    (row) => row.area === request.area,
  );
  const at = new Date(nowMs).toISOString();
  const row = {
    area: request.area,
    manufacturer: before?.manufacturer ?? request.manufacturer.trim(),
    model: before?.model ?? request.model.trim(),
    responsible: request.responsible,
    team: request.team?.trim() || null,
    note: request.note?.trim() || null,
    updated_by: request.actor,
    updated_at: at,
  };
  await store.responsibilities.save(row);
  await store.audit.append(
    {
      actor: request.actor,
      action: 'responsibility-assigned',
      target: `${row.manufacturer} ${row.model} ${row.area}`,
      before:
        before === undefined ? null : JSON.stringify({ responsible: before.responsible, team: before.team }),
      after: JSON.stringify({ responsible: row.responsible, team: row.team, note: row.note }),
    },
    at,
  );
  return row;
}

/**
 * A model's shared responsibility matrix: its latest MDS2 form's answers, the hospital's
 * assignments, and its devices with their owners from the asset list.
 */
export async function modelResponsibility(store: Store, manufacturer: string, model: string) {
  const forms = await store.mds2.forModel(manufacturer, model);
  const form = forms[0];
  const assignments: AreaAssignment[] = (await store.responsibilities.ofModel(manufacturer, model)).map(
    (row) => ({
      area: row.area,
      responsible: row.responsible as ResponsibleParty,
      team: row.team,
      note: row.note,
      updatedBy: row.updated_by,
      updatedAt: row.updated_at,
    }),
  );
  const devices = (await store.devices.list())
    .filter((device) => isOfModel(device, manufacturer, model))
    .map((device) => ({
      id: device.id,
      name: device.hostnames[0] ?? device.ips[0] ?? device.id,
      owner: attributeValues(device.attributes, 'asset.owner')[0] ?? null,
      department: attributeValues(device.attributes, 'asset.department')[0] ?? null,
    }));
  return {
    manufacturer,
    model,
    mds2: form === undefined ? null : { id: form.id, file: form.file, importedAt: form.importedAt },
    devices,
    ...responsibilityMatrix(form?.answers ?? [], assignments, devices),
  };
}
