import { createContext, use, type ReactNode } from 'react';

/** The workspace the window works in: its calls name it and its queries are cached under it. */
export interface CurrentWorkspace {
  id: string;
  switchTo(workspaceId: string): void;
}

const CurrentWorkspaceContext = createContext<CurrentWorkspace | null>(null);

export function CurrentWorkspaceProvider({ value, children }: { value: CurrentWorkspace; children: ReactNode }) {
  return <CurrentWorkspaceContext value={value}>{children}</CurrentWorkspaceContext>;
}

/** The id of the window's workspace; `default` outside the provider (what belongs to no workspace is read there). */
export function useCurrentWorkspaceId(): string {
  return use(CurrentWorkspaceContext)?.id ?? 'default';
}

export function useSwitchWorkspace(): (workspaceId: string) => void {
  const current = use(CurrentWorkspaceContext);
  if (!current) throw new Error('useSwitchWorkspace() is used outside <CurrentWorkspaceProvider>.');
  return current.switchTo;
}
