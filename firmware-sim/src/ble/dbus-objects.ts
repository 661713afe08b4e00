import dbus, { type MessageBus } from 'dbus-next';

export const { Interface } = dbus.interface;
export type Interface = InstanceType<typeof Interface>;

/** What dbus-next's service side keeps on an `Interface` (lib/service/interface.js). */
interface InterfaceInternals {
  $name: string;
  $properties?: Record<string, { name: string; signature: string; disabled?: boolean }>;
}

type PropertyVariants = Record<string, InstanceType<typeof dbus.Variant>>;

/** A BlueZ error reply, e.g. `bluezError('Failed', 'le-connection-abort-by-local')`. */
export function bluezError(name: string, text: string): Error {
  return new dbus.DBusError(`org.bluez.Error.${name}`, text);
}

/** Sets properties on an exported interface and announces them with `PropertiesChanged`. */
export function changeProperties(iface: Interface, changes: Record<string, unknown>): void {
  Object.assign(iface, changes);
  Interface.emitPropertiesChanged(iface, changes, []);
}

function interfaceName(iface: Interface): string {
  return (iface as unknown as InterfaceInternals).$name;
}

/** Current values of every property of `iface`, as the `a{sv}` that ObjectManager sends. */
function propertyVariants(iface: Interface): PropertyVariants {
  const properties = (iface as unknown as InterfaceInternals).$properties ?? {};
  const values = iface as unknown as Record<string, unknown>;
  const variants: PropertyVariants = {};
  for (const [key, property] of Object.entries(properties)) {
    if (property.disabled || values[key] === undefined) continue;
    variants[property.name] = new dbus.Variant(property.signature, values[key]);
  }
  return variants;
}

/** `org.freedesktop.DBus.ObjectManager` at `/`, which bluetoothctl uses to find every BlueZ object. */
class ObjectManager extends Interface {
  static {
    ObjectManager.configureMembers({
      methods: { GetManagedObjects: { outSignature: 'a{oa{sa{sv}}}' } },
      signals: {
        InterfacesAdded: { signature: 'oa{sa{sv}}' },
        InterfacesRemoved: { signature: 'oas' },
      },
    });
  }

  constructor(private readonly objects: () => Map<string, Interface[]>) {
    super('org.freedesktop.DBus.ObjectManager');
  }

  GetManagedObjects(): Record<string, Record<string, PropertyVariants>> {
    const managed: Record<string, Record<string, PropertyVariants>> = {};
    for (const [path, interfaces] of this.objects()) {
      managed[path] = Object.fromEntries(interfaces.map((i) => [interfaceName(i), propertyVariants(i)]));
    }
    return managed;
  }

  InterfacesAdded(path: string, interfaces: Record<string, PropertyVariants>): unknown[] {
    return [path, interfaces];
  }

  InterfacesRemoved(path: string, names: string[]): unknown[] {
    return [path, names];
  }
}

/**
 * The objects the simulated BlueZ exports, kept in step with the ObjectManager: exporting announces
 * `InterfacesAdded`, removing announces `InterfacesRemoved`, as bluetoothd does.
 */
export class BluezObjects {
  private readonly objects = new Map<string, Interface[]>();
  private readonly manager = new ObjectManager(() => this.objects);

  constructor(private readonly bus: MessageBus) {
    bus.export('/', this.manager);
  }

  has(path: string): boolean {
    return this.objects.has(path);
  }

  add(path: string, ...interfaces: Interface[]): void {
    for (const iface of interfaces) this.bus.export(path, iface);
    this.objects.set(path, [...(this.objects.get(path) ?? []), ...interfaces]);
    this.manager.InterfacesAdded(
      path,
      Object.fromEntries(interfaces.map((i) => [interfaceName(i), propertyVariants(i)])),
    );
  }

  /** Removes `path` and every object below it, deepest first. */
  remove(path: string): void {
    const doomed = [...this.objects.keys()].filter((p) => p === path || p.startsWith(`${path}/`));
    for (const victim of doomed.sort((a, b) => b.length - a.length)) {
      const interfaces = this.objects.get(victim) ?? [];
      // Without an interface argument dbus-next drops the whole object (lib/bus.js `unexport`).
      (this.bus.unexport as (path: string) => void).call(this.bus, victim);
      this.objects.delete(victim);
      this.manager.InterfacesRemoved(victim, interfaces.map(interfaceName));
    }
  }
}
