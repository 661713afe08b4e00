// Open alarms page: a changed alarm's row is fetched as the server renders it (same markup, same
// buttons for the viewer's role) and put in place; a new one goes on top and flashes.

(() => {
  const body = document.getElementById('alarm-rows');
  if (!body) return;
  const empty = document.getElementById('alarms-empty');
  const count = document.getElementById('alarms-count');
  const { t } = window.vaultline;

  const refreshCount = () => {
    const n = body.querySelectorAll('tr.alarm-row').length;
    if (empty) empty.hidden = n > 0;
    if (count) count.textContent = t('alarms.count', { n });
  };

  const update = async (alarmId, change) => {
    const id = `alarm-${alarmId}`;
    const held = document.getElementById(id);
    // A row being written in (a note typed) is not replaced under the officer's hands.
    if (held?.contains(document.activeElement) && change !== 'resolved') return;
    const response = await fetch(`/console/alarms/${encodeURIComponent(alarmId)}/row${location.search}`, {
      headers: { accept: 'text/html' },
    });
    if (response.status === 204) {
      held?.remove();
    } else if (response.ok) {
      const template = document.createElement('template');
      template.innerHTML = (await response.text()).trim();
      const row = template.content.firstElementChild;
      if (!row) return;
      if (held) held.replaceWith(row);
      else body.prepend(row);
      if (change === 'raised') row.classList.add('flash');
    }
    refreshCount();
  };

  document.addEventListener('vl:alarm', (event) => {
    const { alarm, change } = event.detail;
    update(alarm.alarmId, change).catch(() => undefined);
  });
  document.addEventListener('vl:reconnected', () => {
    // Changes while the stream was down are not replayed: reload unless a note is being typed.
    const typing = [...document.querySelectorAll('textarea')].some((area) => area.value.trim() !== '');
    if (!typing) location.reload();
  });
  refreshCount();
})();
