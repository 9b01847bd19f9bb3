export interface Crew {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  agentCount: number;
}
