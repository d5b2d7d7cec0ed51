import type { PresenceUpdate } from '../../../shared/events.js';
import type { Role } from '../../../shared/user.js';
import { prefetchBoard } from '../board/board-prefetch.js';

/**
 * The web client's one route table: every page of the signed-in app, its address pattern, its
 * title, the code it loads on first visit, the presence view it puts the tab in, and the builders
 * of links to it. The shell (`<shoal-app>`) matches the address here; every other part of the
 * client builds its links with {@link paths} instead of writing addresses by hand.
 *
 * A `:id` in a pattern is a record id (24 hex digits); an address that matches no pattern, or a
 * pattern with a malformed id, is the "not found" page.
 */

/** The names of the pages. `home` (`/`) shows the signed-in user's landing page. */
export type RouteName = 'home' | 'customers' | 'customer' | 'deal' | 'deals' | 'contacts' | 'my-work' | 'pipeline' | 'dashboard' | 'team' | 'profile' | 'settings-fields' | 'settings-pipelines' | 'not-found';

/** What a title may name: a record the store holds (the customer of a customer page). */
export type RecordName = (entity: 'customer' | 'opportunity', id: string) => string | undefined;

/** One page of the table. */
export interface RouteDef {
  /** The address pattern (`/customers/:id`); the not-found page has none. */
  pattern?: string;
  /** The page's title (before " · Shoal"), naming its record when the store has it. */
  title(params: RouteParams, recordName: RecordName): string;
  /** Loads the page's code on first visit (absent: in the main bundle). */
  load?: () => Promise<unknown>;
  /** The presence view the tab is in on this page. */
  presence(params: RouteParams): PresenceUpdate;
}

/** The parameters a pattern took from the address. */
export interface RouteParams {
  id?: string;
}

/** An address, matched. */
export interface Match {
  name: RouteName;
  params: RouteParams;
}

const ID = '[0-9a-f]{24}';

export const ROUTES: Record<RouteName, RouteDef> = {
  // Every view is its own chunk, the customers list too: the first script holds only the shell.
  home: { pattern: '/', title: () => 'Shoal', load: () => import('../components/shoal-customers-view.js'), presence: () => ({ view: 'customers' }) },
  customers: { pattern: '/customers', title: () => 'Customers', load: () => import('../components/shoal-customers-view.js'), presence: () => ({ view: 'customers' }) },
  customer: {
    pattern: '/customers/:id',
    title: ({ id }, name) => name('customer', id!) ?? 'Customer',
    load: () => import('../components/shoal-customer-page.js'),
    presence: ({ id }) => ({ view: 'customer', recordId: id! }),
  },
  deal: {
    pattern: '/deals/:id',
    title: ({ id }, name) => name('opportunity', id!) ?? 'Deal',
    load: () => import('../deals/shoal-deal-page.js'),
    presence: ({ id }) => ({ view: 'deal', recordId: id! }),
  },
  deals: { pattern: '/deals', title: () => 'Deals', load: () => import('../lists/shoal-record-list.js'), presence: () => ({ view: 'deals' }) },
  contacts: { pattern: '/contacts', title: () => 'Contacts', load: () => import('../lists/shoal-record-list.js'), presence: () => ({ view: 'contacts' }) },
  'my-work': { pattern: '/my-work', title: () => 'My work', load: () => import('../tasks/shoal-my-work.js'), presence: () => ({ view: 'my-work' }) },
  // The board's first answer is asked for with its code, not after it (board-prefetch.ts).
  pipeline: {
    pattern: '/pipeline',
    title: () => 'Pipeline',
    load: () => {
      prefetchBoard();
      return import('../components/shoal-pipeline-board.js');
    },
    presence: () => ({ view: 'pipeline' }),
  },
  // The dashboard brings its charting code with it; nothing else loads it.
  dashboard: { pattern: '/dashboard', title: () => 'Dashboard', load: () => import('../components/shoal-dashboard-view.js'), presence: () => ({ view: 'dashboard' }) },
  team: { pattern: '/team', title: () => 'Team', load: () => import('../components/shoal-team-page.js'), presence: () => ({ view: 'team' }) },
  // The admins' settings; a rep who opens them is told they are for admins.
  'settings-fields': { pattern: '/settings/fields', title: () => 'Custom fields · Settings', load: () => import('../settings/shoal-settings-page.js'), presence: () => ({ view: 'settings' }) },
  'settings-pipelines': { pattern: '/settings/pipelines', title: () => 'Pipelines · Settings', load: () => import('../settings/shoal-settings-page.js'), presence: () => ({ view: 'settings' }) },
  profile: { pattern: '/profile', title: () => 'Your profile', load: () => import('../components/shoal-profile-page.js'), presence: () => ({ view: 'profile' }) },
  'not-found': { title: () => 'Page not found', load: () => import('./shoal-not-found.js'), presence: () => ({ view: 'not-found' }) },
};

const compiled = (Object.entries(ROUTES) as Array<[RouteName, RouteDef]>)
  .filter(([, def]) => def.pattern !== undefined)
  .map(([name, def]) => ({ name, regex: new RegExp(`^${def.pattern!.replace(':id', `(${ID})`)}$`), hasId: def.pattern!.includes(':id') }));

/** The page an address shows (its path; a trailing slash is ignored). */
export function matchRoute(pathname: string): Match {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (const { name, regex, hasId } of compiled) {
    const found = regex.exec(path || '/');
    if (found) return { name, params: hasId ? { id: found[1]! } : {} };
  }
  return { name: 'not-found', params: {} };
}

/** The page a user lands on at `/`: My work for a rep, Customers for an admin. */
export const landingOf = (role: Role | undefined): 'customers' | 'my-work' => (role === 'admin' ? 'customers' : 'my-work');

/** Links to the pages; the only place addresses are written. */
export const paths = {
  home: () => '/',
  customers: () => '/customers',
  customer: (id: string) => `/customers/${encodeURIComponent(id)}`,
  deal: (id: string) => `/deals/${encodeURIComponent(id)}`,
  deals: () => '/deals',
  contacts: () => '/contacts',
  myWork: () => '/my-work',
  /** The board; of one pipeline with `pipelineId` (`?pipeline=<id>`, the board keeps it there). */
  pipeline: (pipelineId?: string) => (pipelineId ? `/pipeline?pipeline=${encodeURIComponent(pipelineId)}` : '/pipeline'),
  dashboard: () => '/dashboard',
  team: () => '/team',
  profile: () => '/profile',
  settingsFields: () => '/settings/fields',
  settingsPipelines: () => '/settings/pipelines',
} as const;

/** The link of a page that takes no parameter. */
export function pathOf(name: Exclude<RouteName, 'customer' | 'deal' | 'not-found'>): string {
  return ROUTES[name].pattern!;
}

/** The presence view of the tab at an address (a page that leaves a room says where it went). */
export const presenceAt = (pathname: string): PresenceUpdate => {
  const { name, params } = matchRoute(pathname);
  return ROUTES[name].presence(params);
};

/** A plain left click without modifiers: the app navigates itself instead of the browser. */
export const isPlainClick = (event: MouseEvent) => event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
