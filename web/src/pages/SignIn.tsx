import { type FormEvent, useState } from 'react';
import { ApiError, api, setCsrfToken } from '../api.js';
import type { SessionState } from '../types.js';

type Step = 'password' | 'second-factor' | 'enrol' | 'recovery-codes';

/**
 * Signing in: user name and password, then the six-digit code of an authenticator app (or a
 * recovery code). An administrator without TOTP sets it up here before going further.
 */
export function SignIn({
  notice,
  onSignedIn,
}: {
  notice: string | null;
  onSignedIn: (session: SessionState) => void;
}) {
  const [step, setStep] = useState<Step>('password');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [enrolment, setEnrolment] = useState<{ qrSvg: string; secret: string } | null>(null);
  const [codes, setCodes] = useState<{ session: SessionState; recoveryCodes: string[] } | null>(null);

  async function submit(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  function onPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void submit(async () => {
      const session = await api<SessionState>('/api/v1/auth/login', {
        method: 'POST',
        body: { username: String(form.get('username')), password: String(form.get('password')) },
      });
      setCsrfToken(session.csrfToken);
      if (session.state === 'signed-in') return onSignedIn(await api<SessionState>('/api/v1/auth/session'));
      if (session.state === 'enrol') {
        setEnrolment(await api('/api/v1/auth/enrol', { method: 'POST' }));
      }
      setStep(session.state as Step);
    });
  }

  function onCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code')).trim();
    void submit(async () => {
      if (step === 'enrol') {
        const answer = await api<SessionState & { recoveryCodes: string[] }>('/api/v1/auth/enrol/confirm', {
          method: 'POST',
          body: { code },
        });
        setCsrfToken(answer.csrfToken);
        setCodes({ session: answer, recoveryCodes: answer.recoveryCodes });
        setStep('recovery-codes');
        return;
      }
      const session = await api<SessionState>('/api/v1/auth/second-factor', {
        method: 'POST',
        body: { code },
      });
      setCsrfToken(session.csrfToken);
      onSignedIn(await api<SessionState>('/api/v1/auth/session'));
    });
  }

  return (
    <main className="sign-in">
      <h1>Vigil</h1>
      <p className="muted">Medical device security</p>
      {notice && <output className="message notice">{notice}</output>}
      {step === 'password' && (
        <form onSubmit={onPassword} aria-label="Sign in">
          <label>
            User name
            <input name="username" autoComplete="username" required />
          </label>
          <label>
            Password
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          <button type="submit" disabled={isBusy}>
            Sign in
          </button>
        </form>
      )}
      {(step === 'second-factor' || step === 'enrol') && (
        <form onSubmit={onCode} aria-label="Second factor">
          {step === 'enrol' && enrolment && (
            <>
              <p>
                Administrators sign in with a second factor. Scan this code with an authenticator app, then
                enter the code it shows.
              </p>
              <img
                className="qr"
                alt="QR code for the authenticator app"
                src={`data:image/svg+xml;utf8,${encodeURIComponent(enrolment.qrSvg)}`}
              />
              <p className="muted">
                Or enter the secret by hand: <code>{enrolment.secret}</code>
              </p>
            </>
          )}
          <label>
            {step === 'enrol' ? 'Code from the app' : 'Code from your authenticator app, or a recovery code'}
            <input name="code" autoComplete="one-time-code" inputMode="text" required />
          </label>
          <button type="submit" disabled={isBusy}>
            Verify
          </button>
        </form>
      )}
      {step === 'recovery-codes' && codes && (
        <section aria-label="Recovery codes">
          <p>
            Keep these recovery codes apart from your password. Each signs you in once if the authenticator is
            lost; they are not shown again.
          </p>
          <ul className="codes">
            {codes.recoveryCodes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={async () => onSignedIn(await api<SessionState>('/api/v1/auth/session'))}
          >
            I have kept them — continue
          </button>
        </section>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </main>
  );
}
