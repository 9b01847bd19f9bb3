import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';

export function McpServersPage() {
  return (
    <div className="page">
      <PageHeader
        title="MCP servers"
        description="Model Context Protocol servers run on this machine over stdio, streamable HTTP or SSE, configured per crew and per agent through .mcp.json."
      />
      <EmptyState
        comingSoon
        title="No MCP servers yet"
        next="Adding servers is coming in a later build; you will also be able to install one from the Registry."
      >
        This page will list each server with its status (connecting, ready, or failed with the reason), its tools and last
        latency, its stderr and notifications, and the credential it injects — bearer, API key header or basic.
      </EmptyState>
    </div>
  );
}
