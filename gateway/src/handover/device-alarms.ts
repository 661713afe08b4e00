import { clearAlarm, raiseAlarm, type Turn } from './engine-turn.ts';

/**
 * DEVICE_OFFLINE (DESIGN §4): one alarm per outage of a reader, camera or door controller, cleared when
 * the device answers again. Repeated offline reports of the same outage (probe retries) raise nothing.
 */
export function onDeviceStatus(turn: Turn, device: string, online: boolean, reason: string): void {
  const { offlineAlarms } = turn.state;
  const open = offlineAlarms[device];
  if (!online && open === undefined) {
    offlineAlarms[device] = raiseAlarm(turn, 'DEVICE_OFFLINE', { device, reason }, turn.state.active);
  } else if (online && open !== undefined) {
    clearAlarm(turn, open, 'DEVICE_OFFLINE', `device back online: ${reason}`);
    delete offlineAlarms[device];
  }
}
