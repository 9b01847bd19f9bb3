/** A handful of 16px line icons for the navigation; decorative, so hidden from assistive technology. */
const paths: Record<string, string> = {
  integrations: 'M4 4h3v3H4zM9 4h3v3H9zM4 9h3v3H4zM9 9h3v3H9z',
  credentials: 'M10 6a2 2 0 1 1-4 0 2 2 0 0 1 4 0zM8 8v5M8 11h2M8 13h1.5',
  'mcp-servers': 'M3 4h10v3H3zM3 9h10v3H3zM5 5.5h.01M5 10.5h.01',
  tools: 'M10.5 2.5a3 3 0 0 0-2.8 4L3 11.2 4.8 13l4.7-4.7a3 3 0 0 0 4-2.8l-1.7 1.7-1.6-.4-.4-1.6z',
  registry: 'M3 3h4v4H3zM9 3h4v4H9zM3 9h4v4H3zM11 9v4M9 11h4',
  crews: 'M5.5 7a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM2 13c0-2 1.5-3.5 3.5-3.5S9 11 9 13M11 7.5a1.6 1.6 0 1 0 0-3.2M11.5 9.5c1.5.2 2.5 1.5 2.5 3.5',
  agents: 'M4 6h8v6H4zM8 3v3M6 9h.01M10 9h.01M2.5 8.5v2M13.5 8.5v2',
  settings: 'M8 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM8 2v2M8 12v2M2 8h2M12 8h2M3.8 3.8l1.4 1.4M10.8 10.8l1.4 1.4M3.8 12.2l1.4-1.4M10.8 5.2l1.4-1.4',
};

export function NavIcon({ name }: { name: string }) {
  return (
    <svg className="nav-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={paths[name] ?? ''} fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
