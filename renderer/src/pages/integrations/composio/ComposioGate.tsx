import type { ReactNode } from 'react';
import { useComposioStatus } from '../../../api/composio.ts';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { QueryView } from '../../../components/QueryView.tsx';

/** A Composio tab's content once a project key is in effect; until then, what to do instead of a failure. */
export function ComposioGate({ what, children }: { what: string; children: ReactNode }) {
  const status = useComposioStatus();
  return (
    <QueryView query={status} what="the Composio settings">
      {(data) =>
        data.configured ? (
          children
        ) : (
          <EmptyState title={`Add a Composio project key to see ${what}`} next="Paste the key in the API key panel above; it is checked with Composio, then sealed in the vault.">
            The catalog and connected accounts are read from your Composio project, which the key names.
          </EmptyState>
        )
      }
    </QueryView>
  );
}
