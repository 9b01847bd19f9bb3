/** Every query key in one place, so event → invalidation wiring and hooks cannot drift apart. */
export const queryKeys = {
  crews: ['crews'] as const,
  agents: ['agents'] as const,
  systemInfo: ['system', 'info'] as const,
  preferences: ['preferences'] as const,
};
