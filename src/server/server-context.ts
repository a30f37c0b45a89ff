import type { ServerConfig } from '../config/defaults.js';
import type { Zone } from '../config/zones.js';
import type { VendorNames } from '../intel/matching/names.js';
import type { RiskModel } from '../risk/risk-model.js';
import type { Store } from '../store/open-store.js';
import type { LoginThrottle } from './auth/login-throttle.js';
import type { Sessions } from './auth/sessions.js';
import type { SignIn } from './auth/sign-in.js';
import type { EventHub } from './events/event-hub.js';
import type { EventStreams } from './events/event-streams.js';
import type { RouteTable } from './routing/define-route.js';
import type { SummaryRefresher } from './summaries/summary-refresher.js';

/** What every group of routes is given. */
export interface ServerContext {
  store: Store;
  config: Readonly<ServerConfig>;
  routes: RouteTable;
  sessions: Sessions;
  signIn: SignIn;
  throttle: LoginThrottle;
  events: EventHub;
  /** The open event streams, closed when what they were opened with ends. */
  streams: EventStreams;
  summaries: SummaryRefresher;
  riskModel: RiskModel;
  /** The vendor aliases matching and recalls read, loaded once. */
  vendors: VendorNames;
  zones: readonly Zone[];
  /** The clock: tests move it to expire sessions and locks. */
  now: () => number;
}
