import type { ReactNode } from 'react';
import { ErrorNotice } from './ErrorNotice.tsx';
import { LoadingState } from './LoadingState.tsx';

/** What a view needs of a TanStack query: a `useQuery` result fits as it is. */
export interface ViewedQuery<T> {
  data: T | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

interface QueryViewProps<T> {
  query: ViewedQuery<T>;
  /** What is read, for "Loading crews…" and "Could not load crews". */
  what: string;
  children: (data: T) => ReactNode;
}

/** Data that is read from the core: a spinner while it loads, the error with its hint and a retry, then the view. */
export function QueryView<T>({ query, what, children }: QueryViewProps<T>) {
  if (query.isError) return <ErrorNotice error={query.error} title={`Could not load ${what}`} onRetry={() => void query.refetch()} />;
  if (query.isPending || query.data === undefined) return <LoadingState label={`Loading ${what}…`} />;
  return children(query.data);
}
