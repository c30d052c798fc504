/** The social networks Rapport understands. Zod-free so the content script stays small. */
export const NETWORKS = ['linkedin', 'x', 'facebook'] as const;
export type Network = (typeof NETWORKS)[number];

export const NETWORK_LABELS: Record<Network, string> = {
  linkedin: 'LinkedIn',
  x: 'X',
  facebook: 'Facebook',
};
