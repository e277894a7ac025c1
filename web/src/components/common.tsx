import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../lib/api';
import { direction } from '../lib/format';

export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  const e = describeError(error);
  return (
    <div class="error" role="alert">
      <strong>{title ?? 'Something went wrong'}:</strong> {e.message}
      {e.requestId && <span class="request-id"> (request id <code>{e.requestId}</code>)</span>}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return <p class="muted" role="status" aria-live="polite">{label}</p>;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="muted empty">{children}</p>;
}

/** A signed value with an arrow word as well as a colour. */
export function Change({ value, children }: { value: number | null | undefined; children: ComponentChildren }) {
  const d = direction(value);
  return (
    <span class={`chg ${d}`}>
      <span aria-hidden="true">{d === 'up' ? '▲ ' : d === 'down' ? '▼ ' : ''}</span>
      <span class="sr-only">{d === 'flat' ? '' : `${d} `}</span>
      {children}
    </span>
  );
}

export function Panel({ title, id, children, actions }: { title: string; id?: string; children: ComponentChildren; actions?: ComponentChildren }) {
  const headingId = `${id ?? title.replace(/\W+/g, '-').toLowerCase()}-h`;
  return (
    <section class="panel" aria-labelledby={headingId} id={id}>
      <header class="panel-head">
        <h2 id={headingId}>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

export type Async<T> = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ok'; data: T };

/** Runs `load` whenever `deps` change; `reload()` runs it again. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): [Async<T>, () => void, (f: (d: T) => T) => void] {
  const [value, setValue] = useState<Async<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setValue((v) => (v.state === 'ok' ? v : { state: 'loading' }));
    load().then(
      (data) => live && setValue({ state: 'ok', data }),
      (error) => live && setValue({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const update = (f: (d: T) => T) => setValue((v) => (v.state === 'ok' ? { state: 'ok', data: f(v.data) } : v));
  return [value, () => setTick((t) => t + 1), update];
}
