import type { Clock, Logger } from '@vaultline/shared';
import { sha256Hex } from '@vaultline/shared/crypto/sha256-hex';
import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import type { DeviceSet } from '../devices/device-set.ts';
import type { DoorController } from '../devices/door/door-controller.ts';
import type { DeviceStatus } from '../devices/driver/device-health.ts';
import type { FingerprintReader } from '../devices/fingerprint/fingerprint-reader.ts';
import type { HandoverInput } from '../handover/handover-types.ts';
import type { GatewayStore } from '../store/open-store.ts';
import type { EffectPorts, StoredCapture } from './handover-service.ts';

/**
 * Longest wait for the door contacts' first reading before an unlock: the controller polls them at once
 * on start and then every 150 ms, each read bounded by 100 ms (door-controller.ts defaults).
 */
const DOORS_KNOWN_WAIT_MS = 2_000;

export interface DeviceRoles {
  crewReader: string;
  confirmReader: string;
  vehicleReaders: string[];
  boxReaders: string[];
  camera: string;
  doorController: string;
}

/**
 * Connects the drivers to the hand-over engine: normalised driver events become engine inputs (module
 * pages mapped to people), and the engine's effects become driver calls. The engine never sees a device.
 */
export class DeviceWiring implements EffectPorts {
  /** Per fingerprint reader: module page → person, from the last template sync. */
  private readonly pages = new Map<string, Map<number, string>>();
  /** Readers whose template store is being rewritten: their page numbers mean nothing until it ends. */
  private readonly syncing = new Set<string>();
  private boxScanning = false;
  private readonly statuses = new Map<string, DeviceStatus>();

  constructor(
    private readonly devices: DeviceSet,
    private readonly roles: DeviceRoles,
    private readonly options: {
      store: GatewayStore;
      clock: Clock;
      logger: Logger;
      newId: () => string;
      /** Records a `device.status` event (every transition, for the centre's device view). */
      recordStatus: (status: DeviceStatus) => void;
      /** Set once the service exists; inputs go to the engine through it. */
      dispatch: (input: HandoverInput) => void;
      speakOnHost: (zh: string, en: string) => void;
      currentHandoverId: () => string | undefined;
      templates: () => Promise<Array<{ personId: string; template: Uint8Array }>>;
    },
  ) {}

  /** Subscribes to every driver and starts the long-running loops (fingerprint scanning, vehicle tags). */
  connect(): void {
    const { dispatch, logger } = this.options;
    for (const [id, reader] of this.devices.fingerprints) {
      reader.onIdentify((outcome) => {
        if (outcome.kind === 'timeout' || outcome.kind === 'no-finger') return;
        if (this.syncing.has(id)) {
          // A sync may have moved a page from a removed person to a new one: crediting this match to
          // anybody could verify the wrong person, and counting it as a failure would punish the escort.
          logger.info(
            { reader: id },
            'fingerprint attempt during a template sync ignored; try again in a moment',
          );
          return;
        }
        const personId = outcome.kind === 'matched' ? this.pages.get(id)?.get(outcome.pageId) : undefined;
        if (outcome.kind === 'matched' && !personId) {
          logger.warn(
            { reader: id, pageId: outcome.pageId },
            'matched a page no plan person holds; treated as no match',
          );
        }
        dispatch({
          type: 'finger',
          reader: id,
          outcome:
            outcome.kind === 'matched' && personId
              ? 'matched'
              : outcome.kind === 'poor-image'
                ? 'poor-image'
                : 'no-match',
          personId,
          score: outcome.kind === 'matched' ? outcome.score : undefined,
        });
      });
      reader.onStatus((status) => {
        if (status.online) void this.syncReader(id, reader);
      });
      reader.startScanning();
    }
    for (const [id, reader] of this.devices.rfidReaders) {
      const vehicle = this.roles.vehicleReaders.includes(id);
      const box = this.roles.boxReaders.includes(id);
      reader.onTag((tag) => {
        if (vehicle) dispatch({ type: 'vehicle-tag', reader: id, epc: tag.epc });
        if (box && this.boxScanning) dispatch({ type: 'box-tag', reader: id, epc: tag.epc });
      });
      if (vehicle) reader.startInventory();
    }
    for (const door of this.devices.doors.values()) {
      door.onDoorState((state) => dispatch({ type: 'door', door: state.door, open: state.open }));
    }
    this.devices.onStatus((status) => {
      this.statuses.set(status.device, status);
      this.options.recordStatus(status);
      dispatch({
        type: 'device-status',
        device: status.device,
        online: status.online,
        reason: status.reason,
      });
    });
  }

  /** The person on a reader's module page from its last template sync; undefined while a sync runs. */
  personAt(reader: string, pageId: number): string | undefined {
    return this.syncing.has(reader) ? undefined : this.pages.get(reader)?.get(pageId);
  }

  deviceStatuses(): DeviceStatus[] {
    return [...this.statuses.values()];
  }

  /** Syncs every fingerprint module to the people of a (new) plan. */
  async syncAll(_plan: SitePlan): Promise<void> {
    await Promise.all([...this.devices.fingerprints].map(([id, reader]) => this.syncReader(id, reader)));
  }

  private async syncReader(id: string, reader: FingerprintReader): Promise<void> {
    this.syncing.add(id);
    try {
      const result = await reader.syncTemplates(await this.options.templates());
      this.pages.set(id, result.pages);
    } catch (error) {
      this.options.logger.error(
        { err: error, reader: id },
        'fingerprint template sync failed; the reader matches nobody until it succeeds',
      );
      this.pages.set(id, new Map());
    } finally {
      this.syncing.delete(id);
    }
  }

  // ---- effects ----

  async openDoor(door: number, holdMs: number): Promise<void> {
    const controller = this.devices.doors.get(this.roles.doorController);
    if (!controller) throw new Error(`no door controller "${this.roles.doorController}" configured`);
    await this.doorsKnown(controller);
    await controller.open(door, holdMs);
  }

  /**
   * Right after a start no contact has been read and every door is unknown, which the interlock treats
   * as open: an unlock asked then (a hand-over resumed at the door) waits for the first reading instead
   * of being refused. A contact that stays unknown is still refused by the controller after the wait.
   */
  private doorsKnown(controller: DoorController): Promise<void> {
    const known = () => controller.doorStates().every((state) => state.open !== null);
    if (known()) return Promise.resolve();
    const { clock } = this.options;
    return new Promise((resolve) => {
      const stop = controller.onDoorState(() => {
        if (known()) done();
      });
      const timer = clock.setTimeout(() => done(), DOORS_KNOWN_WAIT_MS);
      function done(): void {
        stop();
        clock.clearTimeout(timer);
        resolve();
      }
    });
  }

  /** Takes and stores a capture; its SHA-256 and size go into the signed `face.captured`. */
  async captureFace(reader: string, personId: string | undefined): Promise<StoredCapture> {
    const camera = this.devices.cameras.get(this.roles.camera);
    if (!camera) throw new Error(`no camera "${this.roles.camera}" configured`);
    const snapshot = await camera.capture();
    const captureId = this.options.newId();
    this.options.store.faces.insert({
      captureId,
      handoverId: this.options.currentHandoverId(),
      personId,
      reader,
      jpeg: snapshot.jpeg,
      capturedAt: snapshot.at,
    });
    return { captureId, jpegSha256: sha256Hex(snapshot.jpeg), bytes: snapshot.jpeg.byteLength };
  }

  setBoxScanning(on: boolean): void {
    if (on === this.boxScanning) return;
    this.boxScanning = on;
    for (const id of this.roles.boxReaders) {
      const reader = this.devices.rfidReaders.get(id);
      if (!reader || this.roles.vehicleReaders.includes(id)) continue;
      if (on) {
        // Boxes already lying in the zone must be counted for this hand-over, so forget earlier sightings.
        reader.forgetSeenTags();
        reader.startInventory();
      } else void reader.stopInventory();
    }
  }

  speak(zh: string, en: string): void {
    this.options.speakOnHost(zh, en);
  }
}
