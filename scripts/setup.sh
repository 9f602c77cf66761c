#!/usr/bin/env bash
# Installs what rssp-audit needs on a fresh Debian machine with Node 20 (run as root):
# the Debian packages that are missing, then the npm dependencies (native pkcs11js is built
# against Debian's Node headers, since no other download is possible here).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(softhsm2 opensc chromium fonts-noto-cjk fonts-morisawa-bizud-gothic fonts-dejavu-core poppler-utils)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm_config_nodedir=/usr npm ci --no-audit --no-fund --loglevel=error
fi
# npm ci builds dist/ (prepare); a checkout whose node_modules was already there may have none yet.
if [ ! -f dist/.built ]; then
  echo "setup: npm run build" >&2
  npm run build --silent
fi
