import { Link } from '../router.js';

export function NotFound() {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        No page here. <Link to="/">Back to the overview</Link>
      </p>
    </section>
  );
}
