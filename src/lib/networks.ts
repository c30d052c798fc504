/** The social networks Rapport understands. Zod-free so the content script stays small. */
export const NETWORKS = ['linkedin', 'x', 'facebook'] as const;
export type Network = (typeof NETWORKS)[number];

export const NETWORK_LABELS: Record<Network, string> = {
  linkedin: 'LinkedIn',
  x: 'X',
  facebook: 'Facebook',
};

/**
 * Whether a company's own profile there looks like a person's. On X every profile is a person's to read
 * (@NorthwindHQ, "Northwind Analytics"); Facebook Pages are told apart where their markup says so, not always.
 * LinkedIn gives companies their own pages (/company/…): a profile of a person there is one.
 */
export const COMPANIES_LOOK_LIKE_PEOPLE: Record<Network, boolean> = {
  linkedin: false,
  x: true,
  facebook: true,
};
