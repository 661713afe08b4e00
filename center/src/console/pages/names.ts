import type { ConsoleDeps } from '../console-context.ts';

/** Site names by id (the registry), falling back to the id for a site not registered. */
export function siteNamer(deps: ConsoleDeps): (siteId: string | undefined) => string {
  const names = new Map(deps.store.sites.list().map((site) => [site.siteId, site.name]));
  return (siteId) =>
    siteId === undefined ? '—' : names.has(siteId) ? `${names.get(siteId)} (${siteId})` : siteId;
}

/** Who acted: a console user's display name, or the name as recorded (API token names, gateways). */
export function actorNamer(deps: ConsoleDeps): (actor: string | undefined) => string {
  const cache = new Map<string, string>();
  return (actor) => {
    if (actor === undefined) return '—';
    let name = cache.get(actor);
    if (name === undefined) {
      const user = deps.store.consoleUsers.get(actor);
      name = user ? `${user.displayName} (${user.username})` : actor;
      cache.set(actor, name);
    }
    return name;
  };
}
