// Gateways page: the table is re-rendered by the server every 10 s and whenever a gateway or device
// alarm changes.

(() => {
  const holder = document.getElementById('gateways-body');
  if (!holder) return;
  const refresh = async () => {
    const response = await fetch('/console/gateways/table', { headers: { accept: 'text/html' } });
    if (response.ok) holder.innerHTML = await response.text();
  };
  setInterval(() => refresh().catch(() => undefined), 10000);
  document.addEventListener('vl:alarm', (event) => {
    const kind = event.detail.alarm.kind;
    if (kind === 'GATEWAY_OFFLINE' || kind === 'DEVICE_OFFLINE' || kind === 'RECORD_TAMPERED') {
      refresh().catch(() => undefined);
    }
  });
  document.addEventListener('vl:reconnected', () => refresh().catch(() => undefined));
})();
