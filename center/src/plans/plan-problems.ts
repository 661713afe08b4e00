/**
 * Everything wrong with a plan, said so a vault manager can fix it. Each problem carries a stable `code`
 * and its `params`, so the console can say it in zh-CN, and the English `message` for logs, the CLI and
 * the API. `path` points at the culprit: a JSON pointer into the draft (`/runs/0/crew`), or for a CSV
 * file `line N, column X`.
 */
export interface PlanProblem {
  path: string;
  code: PlanProblemCode;
  params: Record<string, string | number>;
  message: string;
}

type Params = Record<string, string | number>;

const MESSAGES = {
  schema: (p: Params) => `${p.detail}`,
  'csv.syntax': (p: Params) => `${p.detail}`,
  'csv.header': (p: Params) => `${p.detail}`,
  'csv.value': (p: Params) => `${p.detail}`,
  'csv.empty': () => 'the file has a header but no stops; add one row per stop',
  'date.past': (p: Params) =>
    `the plan is for ${p.date}, a day that is over (today is ${p.today}); plan today or a later day`,
  'plan.versions_exhausted': (p: Params) =>
    `${p.date} already has ${p.max} versions, the most a day can have; plan the remaining work as a new day`,
  'run.duplicate': (p: Params) =>
    `run ${p.runId} appears more than once in the day; give each run its own id`,
  'run.no_stops': (p: Params) => `run ${p.runId} has no stops; add at least one stop`,
  'crew.too_few': (p: Params) =>
    `run ${p.runId} has ${p.count} escort(s); every run needs at least two different escorts`,
  'crew.duplicate': (p: Params) => `run ${p.runId} lists escort ${p.personId} twice; list each escort once`,
  'person.unknown': (p: Params) =>
    `run ${p.runId}: ${p.personId} is not a registered person; import the escort company's personnel file first`,
  'person.retired': (p: Params) =>
    `run ${p.runId}: ${p.name} (${p.personId}) has left and may not be on a crew; choose another escort`,
  'person.not_escort': (p: Params) =>
    `run ${p.runId}: ${p.name} (${p.personId}) is a ${p.role}, not an escort; only escorts may form a crew`,
  'person.no_fingerprint': (p: Params) =>
    `run ${p.runId}: ${p.name} (${p.personId}) has no enrolled fingerprint and could not open the door; enrol a fingerprint first`,
  'vehicle.unknown': (p: Params) =>
    `run ${p.runId}: vehicle ${p.vehicleId} is not registered; register it with its tag first`,
  'vehicle.no_tag': (p: Params) =>
    `run ${p.runId}: vehicle ${p.vehicleId} (${p.plate}) has no RFID tag recorded, so no branch could recognise it; record its tag EPC`,
  'site.unknown': (p: Params) => `run ${p.runId}, stop ${p.stop}: site ${p.siteId} is not registered`,
  'stop.kind_site': (p: Params) =>
    `run ${p.runId}, stop ${p.stop}: a ${p.kind} stop cannot be at ${p.siteId}, which is a ${p.siteKind} (dispatch and return happen at a vault, deliver and collect at a branch)`,
  'window.reversed': (p: Params) =>
    `run ${p.runId}, stop ${p.stop}: the window ends (${p.end}) before it starts (${p.start}); the end must be later than the start`,
  'window.before_previous': (p: Params) =>
    `run ${p.runId}, stop ${p.stop}: starts at ${p.start}, before stop ${p.previous} (${p.previousStart}); stops must be listed in the order they are driven`,
  'box.unknown': (p: Params) =>
    `run ${p.runId}, stop ${p.stop}: box ${p.epc} is not registered; register the box first`,
  'box.retired': (p: Params) =>
    `run ${p.runId}, stop ${p.stop}: box ${p.epc} (${p.label}) is retired and may not be handed over`,
  'box.twice': (p: Params) =>
    `run ${p.runId}, stop ${p.stop}: box ${p.epc} is already planned for ${p.kind} at run ${p.otherRunId}, stop ${p.otherStop}; a box is handed over once per direction in a day`,
} satisfies Record<string, (params: Params) => string>;

export type PlanProblemCode = keyof typeof MESSAGES;

export function planProblem(path: string, code: PlanProblemCode, params: Params = {}): PlanProblem {
  return { path, code, params, message: MESSAGES[code](params) };
}

/** One line per problem, `<path>: <message>`, as the CLI and logs print them. */
export function describeProblems(problems: readonly PlanProblem[]): string[] {
  return problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
}
