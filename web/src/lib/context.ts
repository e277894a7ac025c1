import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { OctopusTrading } from '@octopus/trading-sdk';

export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'success' | 'error';
}

export interface AppContext {
  client: OctopusTrading;
  email: string;
  toast: (text: string, kind?: Toast['kind']) => void;
  theme: 'light' | 'dark';
}

export const Ctx = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('useApp outside the signed-in app');
  return c;
}
