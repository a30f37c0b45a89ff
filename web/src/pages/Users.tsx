import { type FormEvent, useState } from 'react';
import { roles } from '../../../src/server/access/permissions.js';
import { ApiError, api } from '../api.js';
import type { Account } from '../types.js';
import { useApi } from '../use-api.js';

interface Token {
  id: string;
  name: string;
  role: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Accounts and API tokens, for administrators. */
export function Users() {
  const users = useApi<Account[]>('/api/v1/users');
  const tokens = useApi<Token[]>('/api/v1/tokens');
  const [message, setMessage] = useState<string | null>(null);
  const [newToken, setNewToken] = useState<string | null>(null);
  async function act(work: () => Promise<unknown>, done: string) {
    try {
      await work();
      setMessage(done);
      users.reload();
      tokens.reload();
    } catch (caught) {
      setMessage(caught instanceof ApiError ? caught.message : String(caught));
    }
  }
  function onCreateUser(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void act(
      () =>
        api('/api/v1/users', {
          method: 'POST',
          body: {
            username: String(form.get('username')),
            password: String(form.get('password')),
            role: String(form.get('role')),
          },
        }),
      `created ${String(form.get('username'))}`,
    );
  }
  function onCreateToken(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void act(async () => {
      const created = await api<{ token: string }>('/api/v1/tokens', {
        method: 'POST',
        body: { name: String(form.get('name')), role: String(form.get('role')) },
      });
      setNewToken(created.token);
    }, 'token created: copy it now, it is not shown again');
  }
  return (
    <section>
      <h1>Users and tokens</h1>
      {message && <output className="message">{message}</output>}
      <table>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Two-factor</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.map((user) => (
            <tr key={user.id}>
              <td>{user.username}</td>
              <td>
                <select
                  aria-label={`Role of ${user.username}`}
                  value={user.role}
                  onChange={(event) =>
                    void act(
                      () =>
                        api(`/api/v1/users/${user.id}`, {
                          method: 'PATCH',
                          body: { role: event.target.value },
                        }),
                      `${user.username}: ${event.target.value}`,
                    )
                  }
                >
                  {roles.map((role) => (
                    <option key={role}>{role}</option>
                  ))}
                </select>
              </td>
              <td>
                {user.secondFactor ? 'TOTP' : user.secondFactorRequired ? 'set up at next sign-in' : 'none'}
              </td>
              <td>
                {[user.locked && 'locked', user.disabled && 'disabled'].filter(Boolean).join(', ') ||
                  'active'}
              </td>
              <td>
                {user.secondFactor && (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() =>
                      void act(
                        () => api(`/api/v1/users/${user.id}/reset-second-factor`, { method: 'POST' }),
                        `${user.username}: second factor reset`,
                      )
                    }
                  >
                    Reset two-factor
                  </button>
                )}
                {user.locked && (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() =>
                      void act(
                        () => api(`/api/v1/users/${user.id}/unlock`, { method: 'POST' }),
                        `${user.username} unlocked`,
                      )
                    }
                  >
                    Unlock
                  </button>
                )}
                <button
                  type="button"
                  className="secondary"
                  onClick={() =>
                    void act(
                      () =>
                        api(`/api/v1/users/${user.id}`, {
                          method: 'PATCH',
                          body: { disabled: !user.disabled },
                        }),
                      `${user.username} ${user.disabled ? 'enabled' : 'disabled'}`,
                    )
                  }
                >
                  {user.disabled ? 'Enable' : 'Disable'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={onCreateUser} aria-label="New user">
        <label>
          User name
          <input name="username" required />
        </label>
        <label>
          Password (12+ characters)
          <input name="password" type="password" autoComplete="new-password" required minLength={12} />
        </label>
        <label>
          Role
          <select name="role" defaultValue="viewer">
            {roles.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        </label>
        <button type="submit">Create user</button>
      </form>
      <h2>API tokens</h2>
      {newToken && (
        <output className="message">
          New token: <code>{newToken}</code>
        </output>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {tokens.data?.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>{token.role}</td>
              <td>
                {token.createdAt.slice(0, 10)} by {token.createdBy}
              </td>
              <td>{token.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never'}</td>
              <td>
                {token.revokedAt ? (
                  'revoked'
                ) : (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() =>
                      void act(
                        () => api(`/api/v1/tokens/${token.id}`, { method: 'DELETE' }),
                        `${token.name} revoked`,
                      )
                    }
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={onCreateToken} aria-label="New API token">
        <label>
          Name
          <input name="name" required />
        </label>
        <label>
          Role
          <select name="role" defaultValue="auditor">
            {roles.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        </label>
        <button type="submit">Create token</button>
      </form>
    </section>
  );
}
