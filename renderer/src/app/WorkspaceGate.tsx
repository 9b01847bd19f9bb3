import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { CurrentWorkspaceProvider } from '../api/current-workspace.tsx';
import { usePreferences, useUpdatePreferences } from '../api/preferences.ts';
import { useWorkspaces } from '../api/workspaces.ts';
import { LoadingState } from '../components/LoadingState.tsx';

/**
 * Picks the workspace the window works in before any page reads: the one it was left in (kept in
 * the preferences, so a reload comes back to it), or the default when that one is gone (deleted
 * here or elsewhere). Switching is remembered the same way.
 */
export function WorkspaceGate({ children }: { children: ReactNode }) {
  const preferences = usePreferences();
  const workspaces = useWorkspaces();
  const { mutate: remember } = useUpdatePreferences();
  const [chosen, setChosen] = useState<string | undefined>(undefined);

  const wanted = chosen ?? preferences.data?.workspace ?? 'default';
  const id = workspaces.data?.some((workspace) => workspace.id === wanted) ? wanted : 'default';
  const switchTo = useCallback(
    (workspaceId: string) => {
      setChosen(workspaceId);
      remember({ workspace: workspaceId });
    },
    [remember],
  );
  const value = useMemo(() => ({ id, switchTo }), [id, switchTo]);

  // Without the preferences or the list (a read that failed), the default workspace is used: it always exists.
  if (preferences.isPending || workspaces.isPending) return <LoadingState label="Opening the workspace…" />;
  return <CurrentWorkspaceProvider value={value}>{children}</CurrentWorkspaceProvider>;
}
