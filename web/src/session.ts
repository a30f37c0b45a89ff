import { createContext, useContext } from 'react';
import type { SessionState } from './types.js';

export interface SessionContextValue {
  session: SessionState;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside the session provider');
  return value;
}

/** Whether the signed-in role grants a permission (the server checks again on every call). */
export function useCan(permission: string): boolean {
  return useSession().session.permissions?.includes(permission) ?? false;
}
