import type { McpAuthStatus, McpServerConfig, McpServerStatus } from '../../../../main/rpc/contract.ts';
import { useSignOutOfMcpServer } from '../../api/mcp-auth.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

/**
 * A remote server's sign-in (the MCP authorization spec), in its row: "needs sign-in" with a Sign
 * in button where the server refused the console without one, "needs more access" where it asked
 * for a scope the grant lacks, and who it is signed in with (and Sign out) where it is.
 */
export function SignInFacts({ server, status, signIn, starting, onSignIn }: { server: McpServerConfig; status: McpServerStatus | undefined; signIn: McpAuthStatus | undefined; starting: boolean; onSignIn: () => void }) {
  const signOut = useSignOutOfMcpServer();
  if (!signIn) return null;
  const needsSignIn = !signIn.signedIn && status?.error?.code === 'mcp_auth_required';
  const needsMore = signIn.signedIn && signIn.requiredScopes.length > 0;
  if (!needsSignIn && !needsMore && !signIn.signedIn) return null;
  return (
    <div className="servers-table__detail sign-in-facts">
      <div className="cluster">
        {needsSignIn ? <span className="badge badge--warning">needs sign-in</span> : null}
        {needsMore ? <span className="badge badge--warning">needs more access: {signIn.requiredScopes.join(' ')}</span> : null}
        {signIn.signedIn && !needsMore ? <span className="badge badge--success">signed in</span> : null}
        {needsSignIn || needsMore ? (
          <button type="button" className="button button--primary button--small" disabled={starting} aria-label={`Sign in to ${server.name}`} onClick={onSignIn}>
            {starting ? 'Starting…' : needsMore ? 'Sign in again' : 'Sign in'}
          </button>
        ) : null}
        {signIn.signedIn ? (
          <button type="button" className="button button--ghost button--small" disabled={signOut.isPending} aria-label={`Sign out of ${server.name}`} onClick={() => signOut.mutate({ server: server.id })}>
            Sign out
          </button>
        ) : null}
      </div>
      {signIn.signedIn ? (
        <p>
          At <code>{signIn.issuer}</code>
          {signIn.grantedScopes.length > 0 ? (
            <>
              {' '}
              with <code>{signIn.grantedScopes.join(' ')}</code>
            </>
          ) : null}
          {signIn.client ? ` · ${signIn.client.source === 'dynamic' ? 'registered dynamically' : signIn.client.source === 'metadata-document' ? 'client metadata document' : 'pre-registered client'}` : ''}
        </p>
      ) : null}
      {signOut.isError ? <ErrorNotice error={signOut.error} compact /> : null}
    </div>
  );
}
