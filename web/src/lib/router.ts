import { useEffect, useState } from 'preact/hooks';

/** The page's client routes (the server answers them with index.html; see src/common/http/web-app.ts). */
export type Route =
  | { name: 'market'; symbol: string | null }
  | { name: 'portfolios' }
  | { name: 'portfolio'; id: string }
  | { name: 'alerts' };

export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'portfolios' && parts[1]) return { name: 'portfolio', id: parts[1] };
  if (parts[0] === 'portfolios') return { name: 'portfolios' };
  if (parts[0] === 'alerts') return { name: 'alerts' };
  if (parts[0] === 'market' && parts[1]) return { name: 'market', symbol: parts[1].toUpperCase() };
  return { name: 'market', symbol: null };
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const on = () => setPath(window.location.pathname);
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return parseRoute(path);
}

/** onClick for in-app links: keeps modifier clicks (new tab) working. */
export function linkClick(e: MouseEvent): void {
  const a = e.currentTarget as HTMLAnchorElement;
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(a.getAttribute('href') ?? '/');
}
