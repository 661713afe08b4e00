import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { systemClock } from '@vaultline/shared/time/clock';
import type { StoredPlan } from './day-plan-builder.ts';
import { PlanBook, type PlanBookStore } from './plan-book.ts';
import { describeProblems } from './plan-problems.ts';
import type { Checked } from './plan-validation.ts';

/**
 * `vaultline-center plan import <file.json|file.csv>`: validates a day's plan and stores it as the day's
 * next version, or prints every problem with where it is and stores nothing (exit 1). The running
 * centre publishes today's plan to the gateways within seconds (its periodic check).
 */
export function planImportCommand(
  store: PlanBookStore,
  file: string,
  options: { actor: string; date?: string; now?: number },
  io: { out: (text: string) => void; err: (text: string) => void },
): number {
  const now = options.now ?? systemClock.now();
  const today = new Date(now).toISOString().slice(0, 10);
  const book = new PlanBook(store, systemClock);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    io.err(`cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  let result: Checked<StoredPlan>;
  if (extname(file).toLowerCase() === '.csv') {
    result = book.submitCsv(text, options.actor, today, options.date ? { date: options.date } : {});
  } else {
    let draft: unknown;
    try {
      draft = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
    } catch (error) {
      io.err(`${file} is not JSON (${(error as Error).message}); a plan is a .json draft or a .csv file`);
      return 1;
    }
    result = book.submit(draft, options.actor, today);
  }
  if (!result.ok) {
    io.err(`${file}: the plan was not stored, ${result.problems.length} problem(s):`);
    for (const line of describeProblems(result.problems)) io.err(`  ${line}`);
    return 1;
  }
  const plan = result.value;
  const when =
    plan.date === today
      ? 'a running centre publishes it to the gateways within seconds'
      : `it is published to the gateways on ${plan.date}`;
  io.out(`plan of ${plan.date} version ${plan.version} stored (${plan.runs.length} runs); ${when}`);
  return 0;
}
