import { Link } from '../router.js';

export function DeviceLink({ id, name }: { id: string; name: string }) {
  return <Link to={`/devices/${encodeURIComponent(id)}`}>{name}</Link>;
}
