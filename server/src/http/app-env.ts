import type { Caller } from '../tokens';

/** What middleware hands to the routes: the authenticated caller, set by `requireCaller`. */
export interface AppEnv {
  Variables: { caller: Caller };
}
