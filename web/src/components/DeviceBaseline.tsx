import type { Baseline } from '../../../src/baseline/baseline.js';
import { useApi } from '../use-api.js';

/** What each category of a baseline holds, in the words a person checks it by. */
const categoryNames: Record<string, string> = {
  serves: 'services it answers',
  reaches: 'services it reaches on other hosts',
  clients: 'hosts that use its services',
  outsidePeers: 'Internet addresses it reached',
  protocols: 'protocols it speaks',
  dicomQueryCallers: 'DICOM query callers',
  dicomOperations: 'DICOM operations',
  dicomStoreDestinations: 'DICOM C-STORE destinations',
  hl7Senders: 'HL7 senders',
  hl7MessageTypes: 'HL7 message types',
  fhirInteractions: 'FHIR interactions',
  tlsNames: 'TLS server names',
  cleartextLogins: 'logins in clear text',
  dnsServers: 'DNS servers',
};

/**
 * The device's learned baseline on its page: whether it still learns, the traffic it learned
 * from, and each category's facts (folded), so an alert's "the baseline held …" can be checked.
 */
export function DeviceBaseline({ deviceId }: { deviceId: string }) {
  const { data } = useApi<{ baseline: Baseline | null; versionsKept: number }>(
    `/api/v1/devices/${encodeURIComponent(deviceId)}/baseline`,
  );
  if (data === null) return null;
  const { baseline } = data;
  return (
    <section className="panel" aria-labelledby="baseline-heading">
      <h2 id="baseline-heading">Baseline</h2>
      {baseline === null ? (
        <p className="muted">None yet: a baseline is learned from the device's traffic at each ingest.</p>
      ) : (
        <>
          <p>
            Version {baseline.version} ({data.versionsKept} kept), learned from{' '}
            {baseline.profile.firstSeen.replace('T', ' ').slice(0, 16)} to{' '}
            {baseline.profile.lastSeen.replace('T', ' ').slice(0, 16)} ·{' '}
            {baseline.learningUntil === null
              ? 'learned: what it does not hold is a deviation'
              : `learning until ${baseline.learningUntil.replace('T', ' ').slice(0, 16)}: deviations are not yet raised`}{' '}
            · at most {baseline.profile.outsideBytesPerHourMax.toLocaleString()} bytes in an hour to the
            Internet
          </p>
          {Object.entries(baseline.profile.facts)
            .filter(([, facts]) => (facts ?? []).length > 0)
            .map(([category, facts]) => (
              <details key={category}>
                <summary>
                  {categoryNames[category] ?? category} ({facts!.length})
                </summary>
                <ul className="small">
                  {facts!.map((fact) => (
                    <li key={fact}>{fact}</li>
                  ))}
                </ul>
              </details>
            ))}
        </>
      )}
    </section>
  );
}
