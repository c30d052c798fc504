import { facebook } from './facebook';
import { linkedin } from './linkedin';
import type { SiteAdapter } from './types';
import { x } from './x';

/** Every network Rapport annotates. A new network is one adapter file and one line here. */
export const ADAPTERS: readonly SiteAdapter[] = [linkedin, x, facebook];

export function adapterFor(url: URL): SiteAdapter | undefined {
  return ADAPTERS.find((adapter) => adapter.matches(url));
}
