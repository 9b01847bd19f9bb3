import { PageHeader } from '../../components/PageHeader.tsx';
import { ToolTester } from '../../features/tool-tester/ToolTester.tsx';

/** The live tool tester on a page of its own (`#/tools/<server id>`, `#/tools/agent/<agent id>`). */
export function ToolsPage({ focus }: { focus: string | undefined }) {
  return (
    <div className="page">
      <PageHeader
        level={1}
        title="Tools"
        description="Call any tool of your MCP servers live — one server, or everything that resolves for an agent — and read exactly what it returns."
      />
      <ToolTester focus={focus} />
    </div>
  );
}
