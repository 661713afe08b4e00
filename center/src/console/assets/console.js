// Vaultline console, every signed-in page: the live stream, the alarm banner, voice announcements and
// the age of things. Page scripts listen for `vl:alarm`, `vl:run` and `vl:reconnected` on document.

(() => {
  const readJson = (id) => {
    const el = document.getElementById(id);
    try {
      return el ? JSON.parse(el.textContent || '{}') : {};
    } catch {
      return {};
    }
  };
  const messages = readJson('console-messages');
  const sites = readJson('console-sites');
  const lang = document.documentElement.lang || 'zh-CN';
  const t = (key, params) =>
    (messages[key] || key).replace(/\{(\w+)\}/g, (whole, name) =>
      params && name in params ? String(params[name]) : whole,
    );
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') || '';
  window.vaultline = { t, lang, csrf, sites, messages };

  // Voice: browsers speak only after a user gesture, so the duty officer switches it on once; the
  // choice is remembered on this screen.
  const VOICE_KEY = 'vaultline.voice';
  const toggle = document.getElementById('voice-toggle');
  let voiceOn = localStorage.getItem(VOICE_KEY) === 'on';
  const showVoice = () => {
    if (!toggle) return;
    toggle.setAttribute('aria-pressed', String(voiceOn));
    toggle.textContent = t(voiceOn ? 'voice.on' : 'voice.enable');
  };
  showVoice();
  toggle?.addEventListener('click', () => {
    voiceOn = !voiceOn;
    localStorage.setItem(VOICE_KEY, voiceOn ? 'on' : 'off');
    showVoice();
    if (voiceOn && 'speechSynthesis' in window) window.speechSynthesis.cancel();
  });
  const speak = (text) => {
    if (!voiceOn || !('speechSynthesis' in window)) return;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    utterance.rate = 0.95;
    window.speechSynthesis.speak(utterance);
  };
  const announce = (alarm) =>
    speak(
      t('voice.announce', {
        severity: t(`severity.${alarm.severity}`),
        kind: t(`alarm.${alarm.kind}`),
        site: sites[alarm.siteId] || alarm.siteId || '',
      }),
    );

  // The banner: its count comes from the centre (exact), it flashes on every new alarm.
  const banner = () => document.getElementById('alarm-banner');
  const refreshBanner = async (flash) => {
    try {
      const response = await fetch('/console/live/banner', { headers: { accept: 'application/json' } });
      if (!response.ok) return;
      const counts = await response.json();
      const el = banner();
      if (!el) return;
      const total = counts.critical + counts.major;
      el.dataset.count = String(total);
      el.classList.toggle('banner-alarm', total > 0);
      el.classList.toggle('banner-calm', total === 0);
      const link = el.querySelector('a');
      if (link) {
        link.textContent =
          total === 0
            ? t('banner.none')
            : t('banner.open', { n: total, critical: counts.critical, major: counts.major });
      }
      if (flash) {
        el.classList.remove('flash');
        void el.offsetWidth;
        el.classList.add('flash');
      }
    } catch {
      // The stream's reconnect will refresh it.
    }
  };

  const liveState = (connected) => {
    for (const el of document.querySelectorAll('.live-state')) {
      el.textContent = t(connected ? 'live.connected' : 'live.lost');
      el.classList.toggle('lost', !connected);
    }
  };

  let opened = false;
  const source = new EventSource('/api/v1/stream');
  source.addEventListener('open', () => {
    liveState(true);
    if (opened) {
      document.dispatchEvent(new CustomEvent('vl:reconnected'));
      refreshBanner(false);
    }
    opened = true;
  });
  source.addEventListener('error', () => liveState(false));
  source.addEventListener('alarm', (event) => {
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    if (data.change === 'raised') announce(data.alarm);
    refreshBanner(data.change === 'raised');
    document.dispatchEvent(new CustomEvent('vl:alarm', { detail: data }));
  });
  source.addEventListener('run', (event) => {
    try {
      document.dispatchEvent(new CustomEvent('vl:run', { detail: JSON.parse(event.data) }));
    } catch {
      // A malformed event is ignored; the next one carries the state.
    }
  });
  window.addEventListener('beforeunload', () => source.close());

  // Ages ("open for") tick on their own.
  const age = (ms) => {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return t('age.seconds', { n: s });
    const m = Math.floor(s / 60);
    if (m < 60) return t('age.minutes', { n: m });
    const h = Math.floor(m / 60);
    if (h < 48) return t('age.hours', { h, m: m % 60 });
    return t('age.days', { n: Math.floor(h / 24) });
  };
  const tickAges = () => {
    for (const el of document.querySelectorAll('[data-since]')) {
      el.textContent = age(Date.now() - Number(el.getAttribute('data-since')));
    }
  };
  setInterval(tickAges, 15000);
  window.vaultline.age = age;
})();
