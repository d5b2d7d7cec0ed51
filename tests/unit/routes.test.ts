import { describe, expect, it } from 'vitest';
import { PresenceUpdate } from '../../shared/events.js';
import { landingOf, matchRoute, paths, presenceAt, ROUTES, type RouteName } from '../../client/src/shell/routes.js';

const id = '0123456789abcdef01234567';

describe('route table', () => {
  it('matches every page by its address, a trailing slash ignored', () => {
    expect(matchRoute('/')).toEqual({ name: 'home', params: {} });
    expect(matchRoute('/customers')).toEqual({ name: 'customers', params: {} });
    expect(matchRoute('/customers/')).toEqual({ name: 'customers', params: {} });
    expect(matchRoute(`/customers/${id}`)).toEqual({ name: 'customer', params: { id } });
    for (const name of ['my-work', 'pipeline', 'dashboard', 'team', 'profile'] as const) expect(matchRoute(`/${name}`).name).toBe(name);
  });

  it('answers not-found for unknown addresses and malformed record ids', () => {
    for (const path of ['/nope', '/customers/123', '/customers/ZZZZ56789abcdef01234567', `/customers/${id}/extra`, '/pipeline/x'])
      expect(matchRoute(path).name, path).toBe('not-found');
  });

  it('builds links that match back to their page', () => {
    expect(matchRoute(paths.customer(id))).toEqual({ name: 'customer', params: { id } });
    expect(matchRoute(paths.customers()).name).toBe('customers');
    expect(matchRoute(paths.myWork()).name).toBe('my-work');
    expect(matchRoute(paths.profile()).name).toBe('profile');
    expect(matchRoute(paths.settingsFields()).name).toBe('settings-fields');
    expect(matchRoute(paths.settingsPipelines()).name).toBe('settings-pipelines');
    expect(presenceAt(paths.settingsPipelines())).toEqual({ view: 'settings' });
  });

  it('lands a rep on My work and an admin on Customers', () => {
    expect(landingOf('rep')).toBe('my-work');
    expect(landingOf('admin')).toBe('customers');
  });

  it('titles a record page with the record’s name once the store has it', () => {
    const names = { customer: { [id]: 'Harbor Freight Co' } } as Record<string, Record<string, string>>;
    const lookup = (entity: 'customer' | 'opportunity', rid: string) => names[entity]?.[rid];
    expect(ROUTES.customer.title({ id }, lookup)).toBe('Harbor Freight Co');
    expect(ROUTES.customer.title({ id: 'ffffffffffffffffffffffff' }, lookup)).toBe('Customer');
    expect(ROUTES['not-found'].title({}, lookup)).toBe('Page not found');
  });

  it('gives every page a presence the server accepts', () => {
    for (const name of Object.keys(ROUTES) as RouteName[]) {
      const presence = ROUTES[name].presence(name === 'customer' ? { id } : {});
      expect(PresenceUpdate.safeParse(presence).success, name).toBe(true);
    }
    expect(presenceAt(`/customers/${id}`)).toEqual({ view: 'customer', recordId: id });
    expect(presenceAt('/nope')).toEqual({ view: 'not-found' });
  });
});
