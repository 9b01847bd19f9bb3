import { useSystemInfo } from '../api/system.ts';
import { StreamStatusBadge } from './StreamStatusBadge.tsx';

export function SidebarFooter() {
  const info = useSystemInfo();
  return (
    <footer className="sidebar-footer">
      <StreamStatusBadge />
      <span className="sidebar-footer__version">{info.data ? `v${info.data.appVersion} · schema ${info.data.schemaVersion}` : ' '}</span>
    </footer>
  );
}
