// Vaultline branch kiosk. Renders the KioskView that the gateway pushes over SSE (its shape is
// gateway/src/kiosk/kiosk-view.ts); every string comes from /i18n.json (kiosk-strings.ts). No framework:
// the whole view is rendered again on each change, and <img> elements are reused so photos never reload.

const LANG_KEY = 'vaultline.kiosk.lang';
/** After the browser gives up on a stream (server answered with an error), try again after this, ms. */
const RECONNECT_MS = 3000;
const TOAST_MS = 6000;
/** How long the alarm strip flashes after a new alarm, ms. */
const FLASH_MS = 10000;

const ui = {
  lang: localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh',
  strings: null,
  view: null,
  /** Gateway time minus local time: lockout countdowns and the clock follow the gateway. */
  clockOffset: 0,
  connected: false,
  announcement: null,
  flashUntil: 0,
};

const $ = (id) => document.getElementById(id);

function t(key, params = {}) {
  const text = ui.strings?.[ui.lang]?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** The current language's half of a bilingual text from the gateway. */
const pick = (text) => (ui.lang === 'zh' ? text.zh : text.en);
const locale = () => (ui.lang === 'zh' ? 'zh-CN' : 'en-GB');
const gatewayNow = () => Date.now() + ui.clockOffset;

function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'text') el.textContent = String(value);
    else if (name === 'onClick') el.addEventListener('click', value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) el.append(child);
  }
  return el;
}

// Photos and captures are fetched once per URL; re-rendering moves the same element into the new tree.
const images = new Map();
let imagesInUse = new Set();
function image(src, alt) {
  imagesInUse.add(src);
  let img = images.get(src);
  if (!img) {
    img = h('img', { src, decoding: 'async' });
    images.set(src, img);
  }
  img.alt = alt;
  return img;
}
function pruneImages() {
  for (const src of images.keys()) if (!imagesInUse.has(src)) images.delete(src);
  imagesInUse = new Set();
}

function fmtTime(ms, seconds = false) {
  const options = { hour: '2-digit', minute: '2-digit', hour12: false };
  if (seconds) options.second = '2-digit';
  return new Date(ms).toLocaleTimeString(locale(), options);
}
const fmtWindow = (start, end) => `${fmtTime(Date.parse(start))}–${fmtTime(Date.parse(end))}`;
/** EPCs in groups of four hex digits, as printed on box labels. */
const fmtEpc = (epc) => epc.replace(/(.{4})(?=.)/g, '$1 ');

function button(label, kind, onClick) {
  return h('button', {
    type: 'button',
    class: `btn btn-${kind}`,
    onClick: async (event) => {
      const target = event.currentTarget;
      target.disabled = true;
      try {
        await onClick();
      } finally {
        target.disabled = false;
      }
    },
    text: label,
  });
}

function toast(message) {
  const el = $('toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    el.hidden = true;
  }, TOAST_MS);
}

/** Sends a manager action; the gateway refuses what the hand-over does not allow now (409). */
async function act(action) {
  try {
    const response = await fetch('/api/actions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(action),
    });
    if (response.ok) return true;
    const body = await response.json().catch(() => ({}));
    toast(t('error.refused', { message: body.message ?? response.status }));
  } catch {
    toast(t('error.network'));
  }
  return false;
}

// ---- dialogs -------------------------------------------------------------------------------------

function openDialog(title, body, onSubmit) {
  const dialog = $('dialog');
  const form = h(
    'form',
    { class: 'dialog-form' },
    h('h2', { text: title }),
    body,
    h(
      'div',
      { class: 'dialog-actions' },
      h('button', {
        type: 'button',
        class: 'btn btn-plain',
        onClick: () => dialog.close(),
        text: t('dialog.cancel'),
      }),
      onSubmit ? h('button', { type: 'submit', class: 'btn btn-primary', text: t('dialog.submit') }) : null,
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (onSubmit && (await onSubmit(new FormData(form)))) dialog.close();
  });
  dialog.replaceChildren(form);
  dialog.showModal();
}

function arrivalDialog() {
  const choices = ui.view.arrivals.map((choice) =>
    button(
      `${choice.plate} · ${t('stops.run', { runId: choice.runId, seq: choice.stopSeq })} · ${fmtWindow(choice.windowStart, choice.windowEnd)}`,
      'choice',
      async () => {
        if (await act({ type: 'manual-arrival', vehicleId: choice.vehicleId })) $('dialog').close();
      },
    ),
  );
  const body = choices.length
    ? h('div', { class: 'choices' }, choices)
    : h('p', { text: t('actions.arrival.none') });
  openDialog(t('actions.arrival.choose'), body);
}

function reasonDialog(titleKey, labelKey, type) {
  const field = h('textarea', { name: 'reason', required: true, maxlength: 500, rows: 4 });
  openDialog(t(titleKey), h('label', { class: 'field' }, h('span', { text: t(labelKey) }), field), (form) =>
    act({ type, reason: String(form.get('reason') ?? '').trim() }),
  );
  field.focus();
}

function passwordDialog() {
  const select = h(
    'select',
    { name: 'personId', required: true },
    ui.view.staff.map((person) =>
      h('option', { value: person.personId, text: `${person.name} ${person.employeeNo ?? ''}` }),
    ),
  );
  const password = h('input', { name: 'password', type: 'password', required: true, maxlength: 128 });
  const body = h(
    'div',
    {},
    h('label', { class: 'field' }, h('span', { text: t('dialog.password.person') }), select),
    h('label', { class: 'field' }, h('span', { text: t('dialog.password.password') }), password),
  );
  openDialog(t('actions.password'), body, (form) =>
    act({
      type: 'staff-password',
      personId: String(form.get('personId')),
      password: String(form.get('password')),
    }),
  );
}

// ---- fingerprint enrolment (gateway/src/enrolment/; view.enrolment is enrolment-kiosk-view.ts) -----

const readerLabel = (reader) =>
  reader.role ? `${t(`reader.${reader.role}`)} ${reader.reader}` : reader.reader;

function enrolButton(view) {
  const enrolment = view.enrolment;
  if (!enrolment || enrolment.session) return null;
  return button(t('enrol.action'), 'plain', enrolDialog);
}

function enrolDialog() {
  const enrolment = ui.view.enrolment;
  if (!enrolment.available) {
    openDialog(t('enrol.title'), h('p', { text: enrolment.unavailable ? pick(enrolment.unavailable) : '' }));
    return;
  }
  const online = enrolment.readers.filter((reader) => reader.online);
  const offline = enrolment.readers.filter((reader) => !reader.online);
  const choices = online.map((reader) =>
    button(readerLabel(reader), 'choice', async () => {
      if (await act({ type: 'enrol-start', reader: reader.reader })) $('dialog').close();
    }),
  );
  openDialog(
    t('enrol.title'),
    h(
      'div',
      { class: 'enrol-dialog' },
      h('p', { text: t('enrol.reader.choose') }),
      h('div', { class: 'choices' }, choices),
      offline.length
        ? h('p', {
            class: 'muted',
            text: t('enrol.readers.offline', { readers: offline.map(readerLabel).join('、') }),
          })
        : null,
      recentEnrolments(enrolment),
    ),
  );
}

function chooseDialog() {
  const enrolment = ui.view.enrolment;
  const select = h(
    'select',
    { name: 'personId' },
    h('option', { value: '', text: '—' }),
    enrolment.candidates.map((person) =>
      h('option', {
        value: person.personId,
        'data-slot': person.defaultSlot,
        text: `${person.name} ${person.employeeNo}`,
      }),
    ),
  );
  const other = h('input', { name: 'otherId', maxlength: 64, autocomplete: 'off' });
  const slot = h('input', { name: 'slot', type: 'number', min: 0, max: 9, value: 0, required: true });
  select.addEventListener('change', () => {
    const chosen = select.selectedOptions[0];
    if (chosen?.dataset.slot) slot.value = chosen.dataset.slot;
  });
  const field = (label, input) => h('label', { class: 'field' }, h('span', { text: label }), input);
  const body = h(
    'div',
    { class: 'enrol-choose' },
    field(t('enrol.person'), select),
    field(t('enrol.person.other'), other),
    field(t('enrol.slot'), slot),
  );
  openDialog(t('enrol.choose'), body, async (form) => {
    const personId = String(form.get('otherId') ?? '').trim() || String(form.get('personId') ?? '');
    if (!personId) {
      toast(t('enrol.person.missing'));
      return false;
    }
    return act({ type: 'enrol-choose', personId, slot: Number(form.get('slot')) });
  });
}

function enrolPanel(view) {
  const session = view.enrolment?.session;
  if (!session) return null;
  const person = session.person;
  const personText = person
    ? [
        t('enrol.personLine', { name: person.name ?? person.personId }) +
          (person.inPlan ? '' : ` ${t('enrol.notInPlan')}`),
        session.slot === undefined ? null : t('enrol.slotShort', { slot: session.slot }),
      ]
        .filter(Boolean)
        .join(' · ')
    : null;
  const tone = session.failed ? ' enrol-failed' : session.phase === 'enrolled' ? ' phase-completed' : '';
  const reader = view.enrolment.readers.find((r) => r.reader === session.reader) ?? {
    reader: session.reader,
  };
  return h(
    'section',
    { class: 'panel enrol', id: 'enrol', 'data-phase': session.phase },
    h('h2', { text: `${t('enrol.title')} · ${readerLabel(reader)}` }),
    h('div', { class: `prompt enrol-prompt${tone}`, id: 'enrol-prompt', text: pick(session.prompt) }),
    session.manager ? h('div', { class: 'enrol-line', text: t('enrol.manager', session.manager) }) : null,
    personText ? h('div', { class: 'enrol-line', text: personText }) : null,
    actionsBar([
      session.can.choose ? button(t('enrol.choose'), 'primary', chooseDialog) : null,
      session.can.retry ? button(t('enrol.retry'), 'primary', () => act({ type: 'enrol-retry' })) : null,
      session.can.close ? button(t('enrol.close'), 'primary', () => act({ type: 'enrol-cancel' })) : null,
      session.can.cancel ? button(t('enrol.cancel'), 'danger', () => act({ type: 'enrol-cancel' })) : null,
    ]),
    recentEnrolments(view.enrolment),
  );
}

function recentEnrolments(enrolment) {
  if (!enrolment.recent.length) return null;
  return h(
    'div',
    { class: 'enrol-recent' },
    h('h3', { text: t('enrol.recent') }),
    h(
      'ul',
      {},
      enrolment.recent.map((entry) =>
        h('li', {
          class: `enrol-delivery-${entry.delivery}`,
          text: [
            fmtTime(entry.at),
            entry.name ?? entry.personId,
            t('enrol.slotShort', { slot: entry.slot }),
            t(`enrol.delivery.${entry.delivery}`, { reason: entry.reason ?? '' }),
          ].join(' · '),
        }),
      ),
    ),
  );
}

// ---- rendering -----------------------------------------------------------------------------------

function render() {
  if (!ui.strings) return;
  document.documentElement.lang = ui.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `${t('app.title')} · Vaultline`;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  $('lang').textContent = t('lang.switch');
  renderConnection();
  renderClock();
  if (!ui.view) return;
  const view = ui.view;
  $('site').textContent =
    `${view.site.name ?? view.site.siteId} · ${t('header.gateway', { gatewayId: view.gatewayId })}`;
  $('plan').textContent = view.plan ? t('header.plan', view.plan) : t('header.noPlan');
  renderAlarmStrip();
  const stage = view.active ? activeStage(view, view.active) : idleStage(view);
  $('stage').replaceChildren(...[enrolPanel(view), ...stage].filter(Boolean));
  $('stops').replaceChildren(...stopItems(view));
  $('alarms').replaceChildren(...alarmItems(view));
  renderStatus();
  pruneImages();
}

function renderConnection() {
  const el = $('conn');
  el.className = `conn ${ui.connected ? 'conn-live' : 'conn-lost'}`;
  el.textContent = t(ui.connected ? 'conn.live' : 'conn.lost');
}

function renderClock() {
  const now = new Date(gatewayNow());
  $('clock-time').textContent = fmtTime(now.getTime(), true);
  $('clock-date').textContent = now.toLocaleDateString(locale(), { dateStyle: 'full' });
}

function renderAlarmStrip() {
  const strip = $('alarm-strip');
  const open = ui.view?.alarms.filter((alarm) => !alarm.cleared) ?? [];
  strip.hidden = open.length === 0;
  if (open.length === 0) return;
  const newest = open[0];
  strip.className = `alarm-strip${Date.now() < ui.flashUntil ? ' flash' : ''}`;
  strip.replaceChildren(
    h('span', { class: 'alarm-strip-icon', 'aria-hidden': 'true', text: '⚠' }),
    h('span', { class: 'alarm-strip-count', text: t('alarms.open', { n: open.length }) }),
    h('span', { class: 'alarm-strip-kind', text: t(`alarm.${newest.kind}`) }),
    h('span', { class: 'alarm-strip-detail', text: [fmtTime(newest.at), ...factTexts(newest)].join(' · ') }),
  );
}

function announcement() {
  if (!ui.announcement) return null;
  return h(
    'div',
    { class: 'announcement' },
    h('span', { class: 'announcement-label', text: t('announce.label') }),
    pick(ui.announcement),
  );
}

function actionsBar(items, note) {
  const present = items.filter(Boolean);
  if (present.length === 0 && !note) return null;
  return h(
    'div',
    { class: 'actions' },
    present,
    note ? h('span', { class: 'actions-note', text: note }) : null,
  );
}

function reportButtons(report) {
  if (!report) return [];
  return [
    h('a', {
      class: 'btn btn-primary',
      href: report.html,
      target: '_blank',
      rel: 'noopener',
      text: t('actions.report'),
    }),
    h('a', {
      class: 'btn btn-plain',
      href: report.pdf,
      target: '_blank',
      rel: 'noopener',
      text: t('actions.reportPdf'),
    }),
  ];
}

function idleStage(view) {
  const next = view.stops.find((stop) => stop.state === 'planned');
  const last = view.lastCompleted;
  return [
    h(
      'section',
      { class: 'idle' },
      h('div', { class: 'idle-title', text: pick(view.prompt) }),
      next
        ? h('div', { class: 'idle-next' }, [
            h('span', { class: 'idle-next-label', text: t('idle.next') }),
            h('span', { class: 'plate plate-small', text: next.plate }),
            ` ${fmtWindow(next.windowStart, next.windowEnd)} · ${t(`kind.${next.kind}`)} · ${t('stops.boxes', { n: next.boxCount })}`,
          ])
        : null,
    ),
    announcement(),
    actionsBar(
      [
        view.arrivals.length ? button(t('actions.arrival'), 'primary', arrivalDialog) : null,
        ...reportButtons(last?.report),
        enrolButton(view),
      ],
      last ? t('actions.lastCompleted', { plate: last.plate, time: fmtTime(last.completedAt) }) : null,
    ),
  ];
}

function activeStage(view, active) {
  const finished = active.phase === 'completed' || active.phase === 'aborted';
  const showConfirm =
    ['confirm', 'discrepancy', 'completed'].includes(active.phase) ||
    active.confirmations.leader.done ||
    active.confirmations.staff.done;
  return [
    arrivalBanner(active),
    h('div', { class: `prompt phase-${active.phase}`, id: 'prompt', text: pick(active.prompt) }),
    announcement(),
    h('section', { class: 'crew' }, active.crew.map(crewCard)),
    boxesPanel(active),
    showConfirm ? confirmPanel(active) : null,
    actionsBar([
      active.can.requestConfirmation
        ? button(t('actions.confirm'), 'primary', () => act({ type: 'request-confirmation' }))
        : null,
      active.can.enterReason
        ? button(t('actions.reason'), 'primary', () =>
            reasonDialog('actions.reason', 'dialog.reason.label', 'discrepancy-reason'),
          )
        : null,
      active.can.staffPassword ? button(t('actions.password'), 'primary', passwordDialog) : null,
      ...reportButtons(active.report),
      finished && view.arrivals.length ? button(t('actions.arrival'), 'plain', arrivalDialog) : null,
      active.can.abort
        ? button(t('actions.abort'), 'danger', () =>
            reasonDialog('actions.abort', 'dialog.abort.label', 'abort'),
          )
        : null,
    ]),
  ];
}

function arrivalBanner(active) {
  const due = active.window ? fmtWindow(active.window.start, active.window.end) : '—';
  return h(
    'section',
    { class: 'arrival' },
    h(
      'div',
      { class: 'arrival-main' },
      h('div', { class: 'arrival-label', text: t('arrival.title') }),
      h('div', { class: 'plate', id: 'plate', text: active.vehicle.plate }),
    ),
    h(
      'div',
      { class: 'arrival-side' },
      h('div', { class: `phase-badge phase-${active.phase}`, text: t(`phase.${active.phase}`) }),
      h('div', {
        class: 'arrival-detail',
        text: t('arrival.detail', {
          runId: active.runId,
          seq: active.stopSeq,
          kind: t(`kind.${active.kind}`),
          window: due,
        }),
      }),
    ),
  );
}

function crewCard(member) {
  const meta = [member.employeeNo ? t('crew.employeeNo', { no: member.employeeNo }) : null, member.company];
  const fingerprint =
    member.fingerprint === 'matched'
      ? [
          t('crew.fingerprint.matched'),
          member.score === undefined ? null : t('crew.fingerprint.score', member),
        ]
      : [t('crew.fingerprint.waiting')];
  return h(
    'article',
    { class: `crew-card state-${member.state}`, 'data-person': member.personId },
    h(
      'header',
      { class: 'crew-head' },
      h(
        'div',
        {},
        h(
          'div',
          { class: 'crew-name' },
          member.name,
          member.leader ? h('span', { class: 'badge-leader', text: t('crew.leader') }) : null,
        ),
        h('div', {
          class: 'crew-meta',
          text: member.known ? meta.filter(Boolean).join(' · ') : t('crew.unknown'),
        }),
      ),
      h('span', { class: `state-badge state-${member.state}`, text: t(`crew.state.${member.state}`) }),
    ),
    h(
      'div',
      { class: 'photos' },
      figure(member.photoUrl, 'photo-stored', t('crew.storedPhoto'), t('crew.noPhoto'), member.name),
      figure(member.captureUrl, 'photo-live', t('crew.liveCapture'), t('crew.noCapture'), member.name),
    ),
    h(
      'ul',
      { class: 'crew-checks' },
      h('li', {
        class: member.fingerprint === 'matched' ? 'check-ok' : 'check-wait',
        text: fingerprint.filter(Boolean).join(' · '),
      }),
      h('li', { class: `check-photo-${member.photoCheck}`, text: t(`crew.photo.${member.photoCheck}`) }),
    ),
    member.canCheckPhoto
      ? h(
          'div',
          { class: 'crew-actions' },
          button(t('crew.accept'), 'accept', () =>
            act({ type: 'photo-check', personId: member.personId, accepted: true }),
          ),
          button(t('crew.reject'), 'reject', () =>
            act({ type: 'photo-check', personId: member.personId, accepted: false }),
          ),
        )
      : null,
  );
}

function figure(src, kind, caption, missing, name) {
  return h(
    'figure',
    { class: `photo ${kind}` },
    src ? image(src, `${caption}: ${name}`) : h('div', { class: 'photo-missing', text: missing }),
    h('figcaption', { text: caption }),
  );
}

const BOX_LABEL = {
  scanned: 'boxes.scanned',
  expected: 'boxes.outstanding',
  missing: 'boxes.missing',
  rejected: 'boxes.rejected',
};

function boxesPanel(active) {
  const counts = active.boxes.counts;
  const count = (kind) =>
    h(
      'div',
      { class: `count count-${kind}`, 'data-count': kind },
      h('span', { class: 'count-n', text: counts[kind] }),
      h('span', { class: 'count-label', text: t(`boxes.${kind}`) }),
    );
  return h(
    'section',
    { class: 'panel boxes' },
    h(
      'div',
      { class: 'boxes-head' },
      h('h2', { text: t('boxes.title') }),
      h('div', { class: 'boxes-progress', id: 'box-progress', text: t('boxes.progress', counts) }),
    ),
    h('progress', { max: Math.max(counts.expected, 1), value: counts.scanned }),
    h('div', { class: 'counts' }, ['scanned', 'outstanding', 'missing', 'rejected'].map(count)),
    active.boxes.items.length
      ? h(
          'ol',
          { class: 'box-grid' },
          active.boxes.items.map((box) =>
            h(
              'li',
              { class: `box box-${box.state}`, title: t(BOX_LABEL[box.state]) },
              h('code', { text: fmtEpc(box.epc) }),
              h('span', { class: 'box-state', text: t(BOX_LABEL[box.state]) }),
            ),
          ),
        )
      : h('p', { class: 'muted', text: t('boxes.none') }),
  );
}

function confirmPanel(active) {
  const { leader, staff } = active.confirmations;
  const cell = (role, confirmation) => {
    let state = t('confirm.waiting');
    if (confirmation.done) state = t('confirm.done', { time: fmtTime(confirmation.at) });
    else if (confirmation.passwordOk) state = t('confirm.passwordOk', { name: confirmation.passwordOk.name });
    return h(
      'div',
      { class: `confirm-cell ${confirmation.done ? 'confirm-done' : 'confirm-waiting'}` },
      h('div', { class: 'confirm-role', text: role }),
      h('div', { class: 'confirm-name', text: confirmation.name ?? '—' }),
      h('div', { class: 'confirm-state', text: state }),
    );
  };
  const gap = active.discrepancy;
  return h(
    'section',
    { class: 'panel confirm' },
    h('h2', { text: t('confirm.title') }),
    h(
      'div',
      { class: 'confirm-grid' },
      cell(t('confirm.leader'), leader),
      cell(t(`confirm.staff.${staff.side}`), staff),
    ),
    gap
      ? h(
          'div',
          { class: 'discrepancy' },
          h('strong', {
            text: `${t('discrepancy.title')}: ${t('discrepancy.missing', { n: gap.missing.length })}`,
          }),
          h('div', { text: gap.reason ? t('discrepancy.reason', gap) : t('discrepancy.awaitingReason') }),
          gap.approvedBy ? h('div', { text: t('discrepancy.approvedBy', gap.approvedBy) }) : null,
        )
      : null,
  );
}

function stopItems(view) {
  if (view.stops.length === 0) return [h('li', { class: 'muted', text: t('stops.empty') })];
  return view.stops.map((stop) =>
    h(
      'li',
      { class: `stop stop-${stop.state}` },
      h(
        'div',
        { class: 'stop-line' },
        h('span', { class: 'stop-time', text: fmtWindow(stop.windowStart, stop.windowEnd) }),
        h('span', { class: 'stop-plate', text: stop.plate }),
        h('span', { class: `stop-state stop-state-${stop.state}`, text: t(`stop.state.${stop.state}`) }),
      ),
      h('div', {
        class: 'stop-meta',
        text: [
          t(`kind.${stop.kind}`),
          t('stops.run', { runId: stop.runId, seq: stop.seq }),
          t('stops.boxes', { n: stop.boxCount }),
          stop.crew.map((person) => person.name).join('、'),
        ].join(' · '),
      }),
    ),
  );
}

function factTexts(alarm) {
  return alarm.facts.map((fact) => {
    const key = `fact.${fact.key}`;
    const label = ui.strings[ui.lang][key] ? t(key) : fact.key;
    return `${label} ${fact.value}`;
  });
}

function alarmItems(view) {
  if (view.alarms.length === 0) return [h('li', { class: 'muted', text: t('alarms.none') })];
  return view.alarms.map((alarm) =>
    h(
      'li',
      { class: `alarm sev-${alarm.severity}${alarm.cleared ? ' alarm-cleared' : ''}` },
      h(
        'div',
        { class: 'alarm-line' },
        h('span', { class: 'alarm-time', text: fmtTime(alarm.at) }),
        h('span', { class: 'alarm-kind', text: t(`alarm.${alarm.kind}`) }),
        h('span', {
          class: 'alarm-sev',
          text: alarm.cleared ? t('alarms.cleared') : t(`severity.${alarm.severity}`),
        }),
      ),
      h('div', { class: 'alarm-facts', text: factTexts(alarm).join(' · ') }),
    ),
  );
}

function renderStatus() {
  const view = ui.view;
  if (!view) return;
  const readers = view.readers.map((reader) => {
    const left = reader.lockedUntil ? Math.max(0, Math.ceil((reader.lockedUntil - gatewayNow()) / 1000)) : 0;
    const name = reader.role ? `${t(`reader.${reader.role}`)} ${reader.reader}` : reader.reader;
    return h(
      'li',
      { class: `status-item ${left > 0 ? 'status-locked' : 'status-warn'}` },
      h('span', { class: 'dot' }),
      h('span', { class: 'status-name', text: name }),
      h('span', {
        class: 'status-state',
        text: left > 0 ? t('reader.locked', { s: left }) : t('reader.failures', { n: reader.failures }),
      }),
    );
  });
  const devices = view.devices.map((device) =>
    h(
      'li',
      { class: `status-item ${device.online ? 'status-online' : 'status-offline'}`, title: device.reason },
      h('span', { class: 'dot' }),
      h('span', { class: 'status-name', text: `${t(`device.${device.kind}`)} ${device.device}` }),
      h('span', { class: 'status-state', text: t(device.online ? 'status.online' : 'status.offline') }),
    ),
  );
  const items = [...readers, ...devices];
  $('status').replaceChildren(
    ...(items.length ? items : [h('li', { class: 'muted', text: t('status.noDevices') })]),
  );
}

// ---- live updates --------------------------------------------------------------------------------

function speak(message) {
  ui.announcement = message;
  render();
  if (!('speechSynthesis' in window)) return;
  const utterance = new SpeechSynthesisUtterance(pick(message));
  utterance.lang = ui.lang === 'zh' ? 'zh-CN' : 'en-GB';
  const voice = speechSynthesis.getVoices().find((candidate) => candidate.lang.startsWith(ui.lang));
  if (voice) utterance.voice = voice;
  speechSynthesis.cancel();
  speechSynthesis.speak(utterance);
}

function onAlarm(alarm) {
  ui.flashUntil = Date.now() + FLASH_MS;
  const label = (lang) => ui.strings[lang][`alarm.${alarm.kind}`] ?? alarm.kind;
  speak({ zh: `报警：${label('zh')}`, en: `Alarm: ${label('en')}` });
}

function applyView(view) {
  const wasChoosing = ui.view?.enrolment?.session?.phase === 'choose';
  ui.view = view;
  ui.clockOffset = view.generatedAt - Date.now();
  render();
  // The manager has just approved: ask at once whom to enrol.
  if (view.enrolment?.session?.phase === 'choose' && !wasChoosing && !$('dialog').open) chooseDialog();
}

function setConnected(connected) {
  ui.connected = connected;
  renderConnection();
}

function connect() {
  const source = new EventSource('/api/stream');
  source.addEventListener('open', () => setConnected(true));
  source.addEventListener('error', () => {
    setConnected(false);
    // The browser retries by itself unless the server answered with an error; then we do.
    if (source.readyState === EventSource.CLOSED) {
      source.close();
      setTimeout(connect, RECONNECT_MS);
    }
  });
  source.addEventListener('view', (event) => applyView(JSON.parse(event.data)));
  source.addEventListener('speak', (event) => speak(JSON.parse(event.data)));
  source.addEventListener('alarm', (event) => onAlarm(JSON.parse(event.data)));
}

function tick() {
  renderClock();
  if (ui.view?.readers.some((reader) => reader.lockedUntil)) renderStatus();
  if (ui.flashUntil && Date.now() >= ui.flashUntil) {
    ui.flashUntil = 0;
    renderAlarmStrip();
  }
}

async function loadStrings() {
  for (;;) {
    try {
      const response = await fetch('/i18n.json');
      if (response.ok) return await response.json();
    } catch {
      // The gateway is starting or restarting: keep trying.
    }
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
  }
}

$('lang').addEventListener('click', () => {
  ui.lang = ui.lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem(LANG_KEY, ui.lang);
  render();
});
ui.strings = await loadStrings();
render();
connect();
setInterval(tick, 1000);
