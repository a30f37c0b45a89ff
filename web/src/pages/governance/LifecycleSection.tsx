import { useState } from 'react';
import type { ModelSupport, SupportStage } from '../../../../src/govern/lifecycle/support-dates.js';
import { api } from '../../api.js';
import { useCan } from '../../session.js';
import { useApi } from '../../use-api.js';

interface LifecycleReport {
  today: string;
  models: (ModelSupport & { stage: SupportStage; devices: string[] })[];
  pastSupport: string[];
  devices: number;
  pastSupportShare: number;
  operatingSystemsPastSupport: { deviceId: string; system: string; endOfSecurityUpdates: string }[];
}

interface Mds2Listing {
  forms: {
    id: string;
    manufacturer: string;
    model: string;
    file: string;
    importedAt: string;
    answers: number;
    capabilities: { name: string; isRisk: boolean; explanation: string }[];
  }[];
}

const stageColours: Record<SupportStage, string> = {
  supported: '#3c8d5a',
  'past-end-of-sale': '#d9a441',
  'past-end-of-patches': '#b3261e',
  'past-end-of-support': '#7a1712',
};

/** Support dates per model with where each stands today, and the manufacturers' MDS2 forms with their concerns. */
export function LifecycleSection() {
  const lifecycle = useApi<LifecycleReport>('/api/v1/lifecycle');
  const mds2 = useApi<Mds2Listing>('/api/v1/mds2');
  const canWrite = useCan('inventory:write');
  if (lifecycle.error) return <p className="error">{lifecycle.error}</p>;
  const report = lifecycle.data;
  return (
    <>
      <h2>Support and end of life</h2>
      {report && (
        <div className="cards">
          <div className="card">
            <span className="figure">{report.pastSupportShare} %</span> of {report.devices.toLocaleString()}{' '}
            devices past manufacturer support ({report.pastSupport.length.toLocaleString()})
          </div>
          <div className="card">
            <span className="figure">{report.operatingSystemsPastSupport.length.toLocaleString()}</span> on an
            operating system past its security updates
          </div>
        </div>
      )}
      {report && report.models.length === 0 && (
        <p className="muted">No support dates yet (vigil lifecycle import or vigil lifecycle set).</p>
      )}
      {report && report.models.length > 0 && (
        <table>
          <caption className="muted">
            Each date is the last day of that support (as of {report.today}).
          </caption>
          <thead>
            <tr>
              <th>Model</th>
              <th>End of sale</th>
              <th>End of security patches</th>
              <th>End of support</th>
              <th>Today</th>
              <th>Devices</th>
            </tr>
          </thead>
          <tbody>
            {report.models.map((model) => (
              <tr key={`${model.manufacturer} ${model.model}`}>
                <td>
                  {model.manufacturer} {model.model}
                </td>
                <td>{model.endOfSale ?? '—'}</td>
                <td>{model.endOfSecurityPatches ?? '—'}</td>
                <td>{model.endOfSupport ?? '—'}</td>
                <td style={{ color: stageColours[model.stage], fontWeight: 600 }}>
                  {model.stage.replaceAll('-', ' ')}
                </td>
                <td>{model.devices.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Manufacturer disclosures (MDS2)</h2>
      {canWrite && <Mds2Upload onImported={mds2.reload} />}
      {mds2.data && mds2.data.forms.length === 0 && (
        <p className="muted">No MDS2 form imported (vigil mds2 import).</p>
      )}
      {mds2.data && mds2.data.forms.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Model</th>
              <th>Form</th>
              <th>Concerns the answers raise</th>
            </tr>
          </thead>
          <tbody>
            {mds2.data.forms.map((form) => (
              <tr key={form.id}>
                <td>
                  {form.manufacturer} {form.model}
                </td>
                <td>
                  {form.file}, {form.answers} answers, {form.importedAt.slice(0, 10)}
                </td>
                <td>
                  {form.capabilities
                    .filter((capability) => capability.isRisk)
                    .map((capability) => capability.explanation)
                    .join('; ') || 'none'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Uploads a manufacturer's MDS2 (XLSX, CSV or JSON) for a model; the server says what it could not read, by row and column. */
function Mds2Upload({ onImported }: { onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [names, setNames] = useState({ manufacturer: '', model: '' });
  const [message, setMessage] = useState<string | null>(null);
  const upload = async () => {
    if (file === null) return;
    setMessage(null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      const report = await api<{ answers: number; devices: string[]; warnings: string[] }>('/api/v1/mds2', {
        method: 'POST',
        body: {
          fileName: file.name,
          contentBase64: btoa(binary),
          ...(names.manufacturer.trim() === '' ? {} : { manufacturer: names.manufacturer }),
          ...(names.model.trim() === '' ? {} : { model: names.model }),
        },
      });
      setMessage(
        `${report.answers} answer${report.answers === 1 ? '' : 's'} read, applied to ${report.devices.length} devices${report.warnings.length > 0 ? `; ${report.warnings.length} warnings` : ''}.`,
      );
      onImported();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        void upload();
      }}
    >
      <label>
        MDS2 form{' '}
        <input
          type="file"
          accept=".xlsx,.csv,.json"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
      </label>
      <label>
        Manufacturer{' '}
        <input
          value={names.manufacturer}
          placeholder="from DOC-1"
          onChange={(event) => setNames({ ...names, manufacturer: event.target.value })}
        />
      </label>
      <label>
        Model{' '}
        <input
          value={names.model}
          placeholder="from DOC-3"
          onChange={(event) => setNames({ ...names, model: event.target.value })}
        />
      </label>
      <button type="submit" disabled={file === null}>
        Import
      </button>
      {message && <span className="muted">{message}</span>}
    </form>
  );
}
