// Runs page: vehicles move on the SVG map as positions arrive, a run's card is re-rendered by the
// server when a stop changes, and vehicles off their route turn red.

(() => {
  let map = document.getElementById('route-map');
  const { t } = window.vaultline;
  const tz = document.documentElement.dataset.tz || undefined;
  const NS = 'http://www.w3.org/2000/svg';

  const project = (lat, lon) => {
    const d = map.dataset;
    const x = (lon - Number(d.minLon)) * Number(d.kx);
    const y = (Number(d.maxLat) - lat) * Number(d.ky);
    return `translate(${Math.round(x * 10) / 10} ${Math.round(y * 10) / 10})`;
  };

  const vehicleMarker = (vehicleId) => {
    let marker = map.querySelector(`g.vehicle[data-vehicle="${CSS.escape(vehicleId)}"]`);
    if (marker) return marker;
    marker = document.createElementNS(NS, 'g');
    marker.setAttribute('class', 'vehicle');
    marker.dataset.vehicle = vehicleId;
    const halo = document.createElementNS(NS, 'circle');
    halo.setAttribute('class', 'vehicle-halo');
    halo.setAttribute('r', '16');
    const arrow = document.createElementNS(NS, 'path');
    arrow.setAttribute('class', 'vehicle-marker');
    arrow.setAttribute('d', 'M0,-11 L9,8 L0,3 L-9,8 Z');
    const label = document.createElementNS(NS, 'text');
    label.setAttribute('class', 'vehicle-label');
    label.setAttribute('x', '14');
    label.setAttribute('y', '-10');
    label.textContent = vehicleId;
    marker.append(halo, arrow, label);
    document.getElementById('map-vehicles')?.append(marker);
    return marker;
  };

  const clock = (iso) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso));

  const outside = (lat, lon) => {
    const d = map.dataset;
    const x = (lon - Number(d.minLon)) * Number(d.kx);
    const y = (Number(d.maxLat) - lat) * Number(d.ky);
    const box = map.viewBox.baseVal;
    return x < 0 || y < 0 || x > box.width || y > box.height;
  };

  // A vehicle that left the drawn area: the server draws the map again, fitted to where everyone is.
  const refreshMap = async () => {
    const response = await fetch('/console/runs/map', { headers: { accept: 'text/html' } });
    if (!response.ok || response.status === 204) return;
    const template = document.createElement('template');
    template.innerHTML = (await response.text()).trim();
    const fresh = template.content.firstElementChild;
    if (fresh && map) {
      map.replaceWith(fresh);
      map = fresh;
    }
  };

  const moveVehicle = (vehicleId, position) => {
    if (map && outside(position.lat, position.lon)) refreshMap().catch(() => undefined);
    else if (map) vehicleMarker(vehicleId).setAttribute('transform', project(position.lat, position.lon));
    for (const el of document.querySelectorAll(`[data-vehicle-position="${CSS.escape(vehicleId)}"]`)) {
      el.textContent = t('runs.position', { time: clock(position.ts), speed: Math.round(position.speedKmh) });
    }
  };

  const setDeviating = (vehicleId, on) => {
    map
      ?.querySelector(`g.vehicle[data-vehicle="${CSS.escape(vehicleId)}"]`)
      ?.classList.toggle('deviating', on);
    for (const card of document.querySelectorAll(`.run-card[data-vehicle="${CSS.escape(vehicleId)}"]`)) {
      card.classList.toggle('deviating', on);
      const flag = card.querySelector('.deviation-flag');
      if (flag) flag.hidden = !on;
    }
  };

  const refreshCard = async (runId) => {
    const response = await fetch(`/console/runs/${encodeURIComponent(runId)}/card`, {
      headers: { accept: 'text/html' },
    });
    if (!response.ok || response.status === 204) return;
    const template = document.createElement('template');
    template.innerHTML = (await response.text()).trim();
    const card = template.content.firstElementChild;
    document.getElementById(`run-${runId}`)?.replaceWith(card);
  };

  document.addEventListener('vl:run', (event) => {
    const data = event.detail;
    if (data.type === 'position') moveVehicle(data.vehicleId, data.position);
    else if (data.type === 'stop') refreshCard(data.runId).catch(() => undefined);
    else if (data.type === 'plan') location.reload();
  });
  document.addEventListener('vl:alarm', (event) => {
    const { alarm, change } = event.detail;
    if (alarm.kind !== 'ROUTE_DEVIATION' || !alarm.vehicleId) return;
    setDeviating(alarm.vehicleId, change === 'raised' || (change === 'acknowledged' && !alarm.clearedAt));
  });
  document.addEventListener('vl:reconnected', () => location.reload());
})();
