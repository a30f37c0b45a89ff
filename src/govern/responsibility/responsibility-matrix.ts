import type { Mds2Answer } from '../mds2/mds2-form.js';
import { controlAreas, type ResponsibleParty } from './control-areas.js';

/** The hospital's own word on an area: who, and which team of its own carries it. */
export interface AreaAssignment {
  area: string;
  responsible: ResponsibleParty;
  team: string | null;
  note: string | null;
  updatedBy: string;
  updatedAt: string;
}

/** A device of the model with who owns it by the asset list. */
export interface ModelDeviceOwner {
  id: string;
  name: string;
  owner: string | null;
  department: string | null;
}

export interface MatrixArea {
  area: string;
  label: string;
  responsible: ResponsibleParty | null;
  /** `assignment` (the hospital said so), `mds2` (read from the answers) or null (nobody has). */
  from: 'assignment' | 'mds2' | null;
  evidence: string;
  /** The hospital team that carries the hospital's part, by assignment. */
  team: string | null;
  /** Devices whose hospital part nobody carries: no team, and no owner in the asset list. */
  devicesWithoutOwner: string[];
  /** Nobody is responsible, or the hospital is and neither a team nor every device's owner is named. */
  unowned: boolean;
}

/**
 * The shared responsibility matrix of a model: for each control area who is responsible, from the
 * hospital's assignment first and the MDS2 answers else, and who at the hospital carries it (the
 * team assigned, or each device's owner from the asset list). Pure: the store is read by the caller.
 */
export function responsibilityMatrix(
  answers: readonly Mds2Answer[],
  assignments: readonly AreaAssignment[],
  devices: readonly ModelDeviceOwner[],
): { areas: MatrixArea[]; unowned: string[] } {
  const byId = new Map(answers.map((answer) => [answer.id.toUpperCase(), answer]));
  const areas = controlAreas.map(({ area, label, read }): MatrixArea => {
    const assigned = assignments.find((assignment) => assignment.area === area);
    const reading = read(byId);
    const responsible = assigned?.responsible ?? reading.responsible;
    const team = assigned?.team ?? null;
    const hospitalPart = responsible === 'hospital' || responsible === 'shared';
    const devicesWithoutOwner =
      hospitalPart && team === null
        ? devices.filter((device) => device.owner === null).map((device) => device.id)
        : [];
    return {
      area,
      label,
      responsible,
      from: assigned !== undefined ? 'assignment' : reading.responsible !== null ? 'mds2' : null,
      evidence:
        assigned !== undefined
          ? `assigned by ${assigned.updatedBy} on ${assigned.updatedAt.slice(0, 10)}${assigned.note === null ? '' : `: ${assigned.note}`}`
          : reading.evidence,
      team,
      devicesWithoutOwner,
      unowned:
        responsible === null ||
        (hospitalPart && team === null && (devices.length === 0 || devicesWithoutOwner.length > 0)),
    };
  });
  return { areas, unowned: areas.filter((area) => area.unowned).map((area) => area.area) };
}
