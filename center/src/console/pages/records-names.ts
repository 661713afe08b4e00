import type { ConsoleDeps } from '../console-context.ts';

/** People by id as a record names them: `张伟 (E1001)`, or the bare id for someone not registered. */
export function personNamer(deps: ConsoleDeps): (personId: string) => string {
  const cache = new Map<string, string>();
  return (personId) => {
    let name = cache.get(personId);
    if (name === undefined) {
      const person = deps.store.people.get(personId);
      name = person ? `${person.name} (${personId})` : personId;
      cache.set(personId, name);
    }
    return name;
  };
}
