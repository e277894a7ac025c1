import { useState } from 'preact/hooks';
import { ErrorBox } from '../components/common';

export function LoginScreen({ onSubmit }: { onSubmit: (email: string, password: string, register: boolean) => Promise<void> }) {
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(email, password, mode === 'register');
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <section class="panel auth" aria-labelledby="auth-h">
      <h1 id="auth-h">{mode === 'login' ? 'Log in' : 'Create an account'}</h1>
      <p class="muted">Paper trading on simulated and imported market data. Your session lives in this tab only.</p>
      <form onSubmit={submit}>
        <label>
          Email
          <input type="email" name="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete={mode === 'login' ? 'current-password' : 'new-password'} required minLength={mode === 'register' ? 8 : undefined} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error !== null && <ErrorBox error={error} title={mode === 'login' ? 'Could not log in' : 'Could not sign up'} />}
        <button type="submit" disabled={busy}>{busy ? 'Please wait…' : mode === 'login' ? 'Log in' : 'Sign up'}</button>
      </form>
      <p>
        {mode === 'login' ? 'New here? ' : 'Have an account? '}
        <button type="button" class="link" onClick={() => { setMode(mode === 'login' ? 'register' : 'login'); setError(null); }}>
          {mode === 'login' ? 'Create an account' : 'Log in instead'}
        </button>
      </p>
    </section>
  );
}
