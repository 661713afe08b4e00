import { fileURLToPath } from 'node:url';
import { runNodeScript, type ScriptRun } from '@vaultline/shared/testing/run-node-script';

const CENTRE_CLI = fileURLToPath(new URL('../../../center/bin/vaultline-center.js', import.meta.url));

/** `vaultline-center <args>`, as an operator runs it; never rejects on a non-zero exit. */
export const runCentreCli = (args: string[]): Promise<ScriptRun> => runNodeScript(CENTRE_CLI, args);
