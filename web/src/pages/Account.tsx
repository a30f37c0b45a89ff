import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api.js';
import { useSession } from '../session.js';

/** The signed-in user's own account: role, second factor, and changing the password. */
export function Account() {
  const { session } = useSession();
  const [message, setMessage] = useState<string | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    if (form.get('next') !== form.get('repeat')) {
      setMessage('The new password and its repetition differ.');
      return;
    }
    try {
      await api('/api/v1/auth/password', {
        method: 'POST',
        body: { current: String(form.get('current')), next: String(form.get('next')) },
      });
      formElement.reset();
      setMessage('Password changed; your other sessions have ended.');
    } catch (caught) {
      setMessage(caught instanceof ApiError ? caught.message : String(caught));
    }
  }
  const user = session.user;
  return (
    <section>
      <h1>Your account</h1>
      <dl className="facts">
        <dt>User</dt>
        <dd>{user?.username}</dd>
        <dt>Role</dt>
        <dd>{user?.roleLabel}</dd>
        <dt>Two-factor</dt>
        <dd>{user?.secondFactor ? 'TOTP' : 'none'}</dd>
      </dl>
      <form className="inline-form" onSubmit={onSubmit} aria-label="Change password">
        <label>
          Current password
          <input name="current" type="password" autoComplete="current-password" required />
        </label>
        <label>
          New password (12+ characters)
          <input name="next" type="password" autoComplete="new-password" required minLength={12} />
        </label>
        <label>
          New password again
          <input name="repeat" type="password" autoComplete="new-password" required minLength={12} />
        </label>
        <button type="submit">Change password</button>
      </form>
      {message && <output className="message">{message}</output>}
    </section>
  );
}
