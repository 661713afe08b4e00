#!/usr/bin/env bash
# Installs what Vaultline needs on a fresh Debian machine with Node 20, idempotently:
# the Debian packages the simulators and tests use, pnpm, and the workspace dependencies.
# Each step is skipped when already satisfied, so `npm run demo` and `npm test` can call it every time.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.21.0
# socat: pty pairs; dbus + bluez: simulated BlueZ and bluetoothctl; chromium: kiosk and console tests;
# fonts-wqy-microhei: Chinese in reports and pages; espeak-ng: voice prompts on the host.
# mosquitto (+ clients): the production broker, started by the sync tests on free ports.
# poppler-utils: pdftoppm, an independent reader the report tests render the PDF with.
APT_PACKAGES=(socat dbus bluez chromium fonts-wqy-microhei espeak-ng mosquitto mosquitto-clients poppler-utils)

log() { printf '[setup] %s\n' "$*" >&2; }

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  log "installing pnpm $PNPM_VERSION"
  npm install -g --silent "pnpm@$PNPM_VERSION"
fi

# better-sqlite3 and serialport compile against the local Node headers: the prebuilt download host
# and the node-gyp header download are unreachable here (see ../shared/ENVIRONMENT.md).
stamp=node_modules/.vaultline-install-stamp
if [ ! -f "$stamp" ] || [ pnpm-lock.yaml -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  log "installing workspace dependencies"
  npm_config_nodedir=/usr pnpm install --frozen-lockfile --reporter=append-only >&2
  touch "$stamp"
fi
