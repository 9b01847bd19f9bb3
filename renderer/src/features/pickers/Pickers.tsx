import { useMemo } from 'react';
import { ComboboxField } from '../../components/ComboboxField.tsx';
import type { ComboboxOption } from '../../components/combobox-options.ts';
import { agentOptions, serverOptions, type PickableAgent, type PickableServer } from './picker-options.ts';

interface PickerProps {
  label: string;
  value: string;
  onChange: (id: string) => void;
  /** Entries before the list, such as "All agents". */
  leading?: readonly ComboboxOption[];
  variant?: 'wide' | 'narrow' | 'inline';
  compact?: boolean;
  placeholder?: string;
}

/** Picks one of possibly thousands of MCP servers: searchable by name, scope and id. */
export function ServerPicker({ servers, leading, ...field }: PickerProps & { servers: readonly PickableServer[] }) {
  const options = useMemo(() => [...(leading ?? []), ...serverOptions(servers)], [leading, servers]);
  return <ComboboxField {...field} options={options} noun="server" />;
}

/** Picks one of possibly thousands of agents: searchable by name, crew and slug. */
export function AgentPicker({ agents, leading, ...field }: PickerProps & { agents: readonly PickableAgent[] }) {
  const options = useMemo(() => [...(leading ?? []), ...agentOptions(agents)], [leading, agents]);
  return <ComboboxField {...field} options={options} noun="agent" />;
}
