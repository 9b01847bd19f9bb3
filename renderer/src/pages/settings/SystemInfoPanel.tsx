import type { ReactNode } from 'react';
import { useSystemInfo } from '../../api/system.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';

export function SystemInfoPanel() {
  const info = useSystemInfo();
  if (info.isPending) return <LoadingState label="Loading system information…" />;
  if (info.isError) return <ErrorNotice error={info.error} title="Could not read system information" onRetry={() => void info.refetch()} />;
  const data = info.data;
  const schemaBehind = data.schemaVersion < data.latestSchemaVersion;
  return (
    <dl className="facts">
      <Fact term="Version">{data.appVersion}</Fact>
      <Fact term="Data directory">
        <code className="break-all">{data.dataDir}</code>
      </Fact>
      <Fact term="Database">
        <code className="break-all">{data.databasePath}</code>
      </Fact>
      <Fact term="Schema version">
        {data.schemaVersion}
        {schemaBehind ? ` (latest is ${data.latestSchemaVersion})` : ' (up to date)'}
      </Fact>
      <Fact term="Key provider">{data.keyProvider}</Fact>
      <Fact term="Workspace">
        <code>{data.workspaceId}</code>
      </Fact>
      <Fact term="Node.js">{data.nodeVersion}</Fact>
    </dl>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="facts__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
