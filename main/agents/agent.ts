export interface Agent {
  id: string;
  slug: string;
  name: string;
  crewId: string;
  crewSlug: string;
  crewName: string;
  createdAt: string;
  updatedAt: string;
}
