import { useState } from 'react';
import { api } from '../../api.js';
import { useCan } from '../../session.js';
import { useApi } from '../../use-api.js';

interface Matrix {
  manufacturer: string;
  model: string;
  mds2: { file: string } | null;
  devices: { id: string }[];
  areas: {
    area: string;
    label: string;
    responsible: string | null;
    from: string | null;
    evidence: string;
    team: string | null;
    devicesWithoutOwner: string[];
    unowned: boolean;
  }[];
  unowned: string[];
}

/** The shared responsibility matrix of one model, unowned areas in red; an engineer assigns an area in place. */
export function ResponsibilitySection({ models }: { models: { manufacturer: string; model: string }[] }) {
  const [chosen, setChosen] = useState(0);
  const model = models[chosen];
  const query =
    model === undefined
      ? null
      : `/api/v1/responsibility?${new URLSearchParams({ manufacturer: model.manufacturer, model: model.model })}`;
  const matrix = useApi<Matrix>(query);
  const canWrite = useCan('inventory:write');
  const [message, setMessage] = useState<string | null>(null);
  const assign = async (area: string, responsible: string, team: string) => {
    setMessage(null);
    try {
      await api('/api/v1/responsibility', {
        method: 'PUT',
        body: { ...model, area, responsible, ...(team.trim() === '' ? {} : { team }) },
      });
      matrix.reload();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  return (
    <>
      <h2>Shared responsibility</h2>
      {models.length === 0 && <p className="muted">No model with an MDS2 form or support dates yet.</p>}
      {models.length > 0 && (
        <label>
          Model{' '}
          <select value={chosen} onChange={(event) => setChosen(Number(event.target.value))}>
            {models.map((entry, index) => (
              <option key={`${entry.manufacturer} ${entry.model}`} value={index}>
                {entry.manufacturer} {entry.model}
              </option>
            ))}
          </select>
        </label>
      )}
      {matrix.error && <p className="error">{matrix.error}</p>}
      {message && <p className="error">{message}</p>}
      {matrix.data && (
        <table>
          <caption className="muted">
            {matrix.data.devices.length} devices; MDS2 {matrix.data.mds2?.file ?? 'not imported'}.{' '}
            {matrix.data.unowned.length === 0
              ? 'Every area has an owner.'
              : `Nobody owns: ${matrix.data.unowned.join(', ')}.`}
          </caption>
          <thead>
            <tr>
              <th>Area</th>
              <th>Responsible</th>
              <th>Carried by</th>
              <th>Why</th>
              {canWrite && <th>Assign</th>}
            </tr>
          </thead>
          <tbody>
            {matrix.data.areas.map((area) => (
              <tr key={area.area} style={area.unowned ? { background: '#fbeaea' } : undefined}>
                <td>{area.label}</td>
                <td>{area.responsible ?? 'nobody'}</td>
                <td>
                  {area.team ??
                    (area.responsible === 'manufacturer'
                      ? 'manufacturer'
                      : area.unowned
                        ? `unowned${area.devicesWithoutOwner.length > 0 ? ` (${area.devicesWithoutOwner.length} devices without owner)` : ''}`
                        : "the devices' owners")}
                </td>
                <td className="muted">{area.evidence}</td>
                {canWrite && (
                  <td>
                    <AssignForm area={area.area} onAssign={assign} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function AssignForm({
  area,
  onAssign,
}: {
  area: string;
  onAssign: (area: string, responsible: string, team: string) => Promise<void>;
}) {
  const [responsible, setResponsible] = useState('hospital');
  const [team, setTeam] = useState('');
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        void onAssign(area, responsible, responsible === 'manufacturer' ? '' : team);
      }}
    >
      <select
        aria-label={`who is responsible for ${area}`}
        value={responsible}
        onChange={(event) => setResponsible(event.target.value)}
      >
        <option value="hospital">hospital</option>
        <option value="shared">shared</option>
        <option value="manufacturer">manufacturer</option>
      </select>
      {responsible !== 'manufacturer' && (
        <input
          aria-label={`team for ${area}`}
          placeholder="team"
          value={team}
          onChange={(event) => setTeam(event.target.value)}
        />
      )}
      <button type="submit">Assign</button>
    </form>
  );
}
