/** The part of an MQTT.js client this needs: its current socket and the event of each new connection. */
export interface StreamClient {
  readonly stream?: unknown;
  on(event: 'connect', listener: () => void): unknown;
}

/**
 * Turns Nagle's algorithm off on an MQTT.js client's socket, now and after every reconnection (MQTT.js
 * opens a new socket each time and has no option for it). Our packets are small — an alarm envelope, an
 * ack, a PUBACK — and often follow one another (a PUBACK, then an ack): with Nagle the second waits until
 * the peer acknowledges the first, which Linux delays by up to 40 ms. Measured on loopback through
 * Mosquitto (docs/BENCHMARKS.md, alarm latency), it put ~17 ms on the median gateway → centre alarm.
 */
export function disableNagle(client: StreamClient): void {
  const apply = () =>
    (client.stream as { setNoDelay?: (noDelay: boolean) => unknown } | undefined)?.setNoDelay?.(true);
  apply();
  client.on('connect', apply);
}
