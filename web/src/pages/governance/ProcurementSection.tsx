import { useState } from 'react';
import { api } from '../../api.js';
import { useCan } from '../../session.js';
import { useApi } from '../../use-api.js';

interface Listed {
  id: string;
  manufacturer: string;
  model: string;
  created_by: string;
  created_at: string;
}

/** Pre-purchase reviews as written, each downloadable as PDF or Markdown; a new one for a model. */
export function ProcurementSection() {
  const reviews = useApi<{ reviews: Listed[] }>('/api/v1/procurement-reviews');
  const canWrite = useCan('vulnerabilities:write');
  const [model, setModel] = useState({ manufacturer: '', model: '', version: '' });
  const [message, setMessage] = useState<string | null>(null);
  const write = async () => {
    setMessage(null);
    try {
      await api('/api/v1/procurement-reviews', {
        method: 'POST',
        body: {
          manufacturer: model.manufacturer,
          model: model.model,
          ...(model.version.trim() === '' ? {} : { version: model.version }),
        },
      });
      reviews.reload();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  return (
    <>
      <h2>Procurement reviews</h2>
      {reviews.data && reviews.data.reviews.length === 0 && <p className="muted">No review written yet.</p>}
      {reviews.data && reviews.data.reviews.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Model</th>
              <th>Written</th>
              <th>Document</th>
            </tr>
          </thead>
          <tbody>
            {reviews.data.reviews.map((review) => (
              <tr key={review.id}>
                <td>
                  {review.manufacturer} {review.model}
                </td>
                <td>
                  {review.created_at.slice(0, 10)} by {review.created_by}
                </td>
                <td>
                  <a href={`/api/v1/procurement-reviews/${review.id}?format=pdf`}>PDF</a> ·{' '}
                  <a href={`/api/v1/procurement-reviews/${review.id}?format=markdown`}>Markdown</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void write();
          }}
        >
          {(['manufacturer', 'model', 'version'] as const).map((field) => (
            <label key={field}>
              {field}{' '}
              <input
                value={model[field]}
                onChange={(event) => setModel({ ...model, [field]: event.target.value })}
              />
            </label>
          ))}
          <button type="submit" disabled={model.manufacturer.trim() === '' || model.model.trim() === ''}>
            Write review
          </button>
        </form>
      )}
      {message && <p className="error">{message}</p>}
    </>
  );
}
