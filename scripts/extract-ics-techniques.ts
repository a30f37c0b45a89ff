/**
 * Extracts the current techniques of MITRE ATT&CK for ICS from its STIX 2.1 bundle into the
 * small table detections cite: `npx tsx scripts/extract-ics-techniques.ts ics-attack.json`
 * writes `data/attack/ics-techniques.json` (id, name, tactics, address).
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface StixObject {
  type: string;
  name?: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  kill_chain_phases?: { kill_chain_name: string; phase_name: string }[];
  external_references?: { source_name: string; external_id?: string; url?: string }[];
}

const [bundlePath] = process.argv.slice(2);
if (bundlePath === undefined) {
  process.stderr.write('usage: extract-ics-techniques.ts ICS-ATTACK.json\n');
  process.exit(2);
}
const bundle = JSON.parse(readFileSync(bundlePath, 'utf8')) as { objects: StixObject[] };
const techniques = bundle.objects
  .filter((object) => object.type === 'attack-pattern' && !object.revoked && !object.x_mitre_deprecated)
  .map((object) => {
    const reference = object.external_references?.find((entry) => entry.source_name === 'mitre-attack');
    return {
      id: reference?.external_id ?? '',
      name: object.name ?? '',
      tactics: (object.kill_chain_phases ?? []).map((phase) => phase.phase_name),
      url: reference?.url ?? '',
    };
  })
  .filter((technique) => /^T0\d{3}$/.test(technique.id))
  .sort((a, b) => a.id.localeCompare(b.id));
writeFileSync('data/attack/ics-techniques.json', `${JSON.stringify(techniques, null, 1)}\n`);
process.stdout.write(`${techniques.length} techniques\n`);
