/** Messages of the plan pages (versions, runs, publication, import, ad-hoc task) in English. */
export const plansEn: Record<string, string> = {
  'plans.title': 'Dispatch plans',
  'plans.date': 'Service day',
  'plans.show': 'Show',
  'plans.none': 'No plan for {date} yet.',
  'plans.unavailable': 'Plan authoring is not set up on this centre.',
  'plans.readOnly': 'Your role reads plans; dispatchers and administrators change them.',
  'plans.stored': 'Version {version} of {date} stored ({runs} runs).',
  'plans.published': 'Published to {ok} of {total} gateways.',
  'plans.notPublishedYet': 'A later day: it is published to the gateways when the day begins.',

  'plans.versions': 'Versions of {date}',
  'plans.col.version': 'Version',
  'plans.col.savedAt': 'Saved',
  'plans.col.by': 'By',
  'plans.col.change': 'Change',
  'plans.col.runs': 'Runs',
  'plans.change.submit': 'Whole plan',
  'plans.change.ad-hoc': 'Ad-hoc run {runId} ({sites})',
  'plans.change.unknown': '—',
  'plans.current': 'Current plan: version {version}',
  'plans.run': 'Run {runId} · vehicle {vehicleId}',
  'plans.crew': 'Crew: {crew}',
  'plans.col.seq': 'Stop',
  'plans.col.site': 'Site',
  'plans.col.kind': 'Task',
  'plans.col.window': 'Window',
  'plans.col.boxes': 'Boxes',

  'plans.publications': 'Publication to gateways',
  'plans.col.gateway': 'Gateway',
  'plans.col.published': 'Sent',
  'plans.col.state': 'State',
  'plans.pub.version': 'version {version} · {time}',
  'plans.pub.none': 'nothing sent',
  'plans.pub.upToDate': 'Up to date',
  'plans.pub.stale': 'Waiting',
  'plans.pubProblem.gateway.no_encryption_key':
    'Not sent: the gateway has no encryption key yet (provision it)',
  'plans.pubProblem.gateway.bad_encryption_key':
    'Not sent: the gateway’s encryption key cannot be used (provision it again)',
  'plans.pubProblem.bundle.invalid': 'Not sent: the site bundle is invalid',
  'plans.pubProblem.publish.failed': 'Sending failed; retried automatically',
  'plans.pub.noGateways': 'No gateway registered.',

  'plans.import.title': 'Import a plan',
  'plans.import.hint':
    'A whole day as JSON (date and runs) or as CSV (one row per stop: run_id, vehicle_id, crew, stop_seq, site_id, kind, window_start, window_end, boxes). It becomes the day’s next version; nothing changes unless the whole plan is valid.',
  'plans.import.format': 'Format',
  'plans.import.file': 'File',
  'plans.import.text': 'Plan',
  'plans.import.csvDate': 'Day (CSV; default: the first window’s day)',
  'plans.import.submit': 'Import and publish',
  'plans.import.empty': 'Paste or choose the plan first.',
  'plans.import.badJson': 'The text is not JSON: {detail}',

  'plans.refused': 'The plan was refused; nothing changed. Fix these {n} problems:',
  'plans.path.line': 'line {line}',
  'plans.path.lineColumn': 'line {line}, column {column}',

  'plans.adhoc.title': 'Ad-hoc task',
  'plans.adhoc.hint':
    'One more run (temporary transfer, ATM replenishment): a new version of the day, sent at once to the gateways of its stops.',
  'plans.adhoc.runId': 'Run id',
  'plans.adhoc.vehicle': 'Vehicle',
  'plans.adhoc.crew': 'Crew (person ids, leader first)',
  'plans.adhoc.stop': 'Stop {n}',
  'plans.adhoc.site': 'Site',
  'plans.adhoc.kind': 'Task',
  'plans.adhoc.start': 'Window start',
  'plans.adhoc.end': 'Window end',
  'plans.adhoc.boxes': 'Box EPCs',
  'plans.adhoc.submit': 'Add and publish',
  'plans.adhoc.badTime': 'Stop {n}: enter the window as date and time.',

  'plans.siteKind.vault': 'vault',
  'plans.siteKind.branch': 'branch',
  'plans.problem.schema': '{detail}',
  'plans.problem.csv.syntax': '{detail}',
  'plans.problem.csv.header': '{detail}',
  'plans.problem.csv.value': '{detail}',
  'plans.problem.csv.empty': 'The file has a header but no stops; add one row per stop.',
  'plans.problem.date.past':
    'The plan is for {date}, a day that is over (today is {today}); plan today or a later day.',
  'plans.problem.plan.versions_exhausted':
    '{date} already has {max} versions, the most a day can have; plan the remaining work as a new day.',
  'plans.problem.run.duplicate': 'Run {runId} appears more than once in the day; give each run its own id.',
  'plans.problem.run.no_stops': 'Run {runId} has no stops; add at least one stop.',
  'plans.problem.crew.too_few':
    'Run {runId} has {count} escort(s); every run needs at least two different escorts.',
  'plans.problem.crew.duplicate': 'Run {runId} lists escort {personId} twice; list each escort once.',
  'plans.problem.person.unknown':
    'Run {runId}: {personId} is not a registered person; import the escort company’s personnel file first.',
  'plans.problem.person.retired':
    'Run {runId}: {name} ({personId}) has left and may not be on a crew; choose another escort.',
  'plans.problem.person.not_escort':
    'Run {runId}: {name} ({personId}) is not an escort; only escorts may form a crew.',
  'plans.problem.person.no_fingerprint':
    'Run {runId}: {name} ({personId}) has no enrolled fingerprint and could not open the door; enrol a fingerprint first.',
  'plans.problem.vehicle.unknown':
    'Run {runId}: vehicle {vehicleId} is not registered; register it with its tag first.',
  'plans.problem.vehicle.no_tag':
    'Run {runId}: vehicle {vehicleId} ({plate}) has no RFID tag recorded, so no branch could recognise it; record its tag EPC.',
  'plans.problem.site.unknown': 'Run {runId}, stop {stop}: site {siteId} is not registered.',
  'plans.problem.stop.kind_site':
    'Run {runId}, stop {stop}: a {kind} stop cannot be at {siteId}, which is a {siteKind} (dispatch and return at a vault, deliver and collect at a branch).',
  'plans.problem.window.reversed':
    'Run {runId}, stop {stop}: the window ends ({end}) before it starts ({start}).',
  'plans.problem.window.before_previous':
    'Run {runId}, stop {stop}: starts at {start}, before stop {previous} ({previousStart}); list stops in the order they are driven.',
  'plans.problem.box.unknown':
    'Run {runId}, stop {stop}: box {epc} is not registered; register the box first.',
  'plans.problem.box.retired':
    'Run {runId}, stop {stop}: box {epc} ({label}) is retired and may not be handed over.',
  'plans.problem.box.twice':
    'Run {runId}, stop {stop}: box {epc} is already planned for {kind} at run {otherRunId}, stop {otherStop}; a box is handed over once per direction in a day.',
};
