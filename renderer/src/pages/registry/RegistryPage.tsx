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
        This page will list every registered server with its description and category, the packages and environment variables
        it needs, its remote transports, and whether it is verified — ready to install for a crew or an agent.
      </EmptyState>
    </div>
  );
}
