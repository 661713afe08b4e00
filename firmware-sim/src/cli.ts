import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, VaultlineError } from '@vaultline/shared';
import { buildControlApi } from './control/control-api.ts';
import { templateBase64 } from './devices/fingerprint/finger-templates.ts';
import { loadDevicesFile, type SimEntry } from './serve/devices-file.ts';
import { SimServer } from './serve/sim-server.ts';
import { isVehicleEntry } from './vehicle/vehicle-entry.ts';
import { MAX_SPEED_FACTOR } from './vehicle/vehicle-unit.ts';

const USAGE = `vaultline-sim — device simulators speaking the real device protocols

  vaultline-sim serve --devices <file.json> --control <port> [--fast] [--work-dir <dir>]
                      [--vehicle-speed <factor>]
      Serves every device of the file (pty pairs, simulated BlueZ, TCP) and the HTTP control API on
      127.0.0.1:<port>. The control API answers once every device is serving. Vehicles of the file
      ({"kind": "vehicle", "route", "stops", "broker", …}) drive their route and publish GPS over MQTT.
      --fast           no datasheet delays and no baud pacing (for tests)
      --work-dir       where pty device ends and the private D-Bus live (default: /tmp/vaultline-sim-<pid>)
      --vehicle-speed  play every vehicle's route this many times faster than real time (1–${MAX_SPEED_FACTOR};
                       overrides "speedFactor" of the file); positions carry simulated time

  vaultline-sim template <fingerId>
      Prints the base64 template a fingerprint module produces for that finger (deterministic).
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'template') {
    const fingerId = rest[0];
    if (!fingerId) return usage('template needs a finger id');
    process.stdout.write(`${templateBase64(fingerId)}\n`);
    return 0;
  }
  if (command !== 'serve') return usage(command ? `unknown command "${command}"` : undefined);
  const { values } = parseArgs({
    args: rest,
    options: {
      devices: { type: 'string' },
      control: { type: 'string' },
      fast: { type: 'boolean', default: false },
      'work-dir': { type: 'string' },
      'vehicle-speed': { type: 'string' },
    },
  });
  const port = Number(values.control);
  if (!values.devices || !(Number.isInteger(port) && port >= 0 && port < 65_536)) {
    return usage('serve needs --devices <file.json> and --control <port>');
  }
  const vehicleSpeed = values['vehicle-speed'] === undefined ? undefined : Number(values['vehicle-speed']);
  if (vehicleSpeed !== undefined && !(vehicleSpeed >= 1 && vehicleSpeed <= MAX_SPEED_FACTOR)) {
    return usage(`--vehicle-speed must be a number from 1 to ${MAX_SPEED_FACTOR}`);
  }
  const logger = createLogger({ name: 'vaultline-sim' });
  const sim = await SimServer.start({
    devices: withVehicleSpeed(loadDevicesFile(resolve(values.devices)), vehicleSpeed),
    workDir: resolve(values['work-dir'] ?? `/tmp/vaultline-sim-${process.pid}`),
    timing: values.fast ? 'fast' : 'realistic',
    logger,
  });
  const api = buildControlApi(sim);
  const address = await api.listen({ host: '127.0.0.1', port });
  logger.info({ control: address, devices: sim.list().length }, 'simulators ready');
  const shutdown = async () => {
    await api.close();
    await sim.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  return -1;
}

function withVehicleSpeed(entries: SimEntry[], speedFactor: number | undefined): SimEntry[] {
  if (speedFactor === undefined) return entries;
  return entries.map((entry) => (isVehicleEntry(entry) ? { ...entry, speedFactor } : entry));
}

function usage(problem?: string): number {
  if (problem) process.stderr.write(`vaultline-sim: ${problem}\n\n`);
  process.stderr.write(USAGE);
  return problem ? 2 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    const message =
      error instanceof VaultlineError ? error.message : String((error as Error)?.stack ?? error);
    process.stderr.write(`vaultline-sim: ${message}\n`);
    process.exit(1);
  },
);
