/** What the crews domain publishes (a crew created, renamed or deleted; crewId null: several, or an agent count). */
export interface CrewEvents {
  'crews.changed': { crewId: string | null; change: 'created' | 'updated' | 'deleted' };
}
