import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createQueryClient } from './api/query-client.ts';
import { App } from './app/App.tsx';
import { applyTheme, watchSystemTheme } from './theme/theme.ts';
import { selectTransport } from './transport/select-transport.ts';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/combobox.css';
import './styles/mcp.css';
import './styles/tester-protocol.css';
import './styles/tester-collections.css';

applyTheme();
watchSystemTheme();
const transport = selectTransport();
const queryClient = createQueryClient();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');
createRoot(container).render(
  <StrictMode>
    <App transport={transport} queryClient={queryClient} />
  </StrictMode>,
);
