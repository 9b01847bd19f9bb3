import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';

export function RegistryPage() {
  return (
    <div className="page">
      <PageHeader
        title="Registry"
        description="Browse the official MCP registry and install a server's package or remote as an MCP server for a crew or an agent."
      />
      <EmptyState
        comingSoon
        title="The registry has not been synced"
        next="Registry sync is coming in a later build. It will copy registry.modelcontextprotocol.io into a local, searchable list you can browse offline."
      >
        Server names and descriptions, categories, packages with the environment variables they need, remote transports, and
        whether each entry is verified.
      </EmptyState>
    </div>
  );
}
