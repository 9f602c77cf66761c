#!/usr/bin/env bash
# Installs the package as a user would and runs it from elsewhere (issue #13): `npm pack` (which
# builds through `prepare`), `npm install -g` of the tarball into a throw-away prefix (a global
# install, without touching this machine's own), then `rssp-audit demo` from an empty folder.
# Needs the Debian packages of scripts/setup.sh. Exit 0 when the demo ran and wrote its reports.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
tarball="$(npm pack --pack-destination "$work" --loglevel=error | tail -n 1)"
echo "smoke-install: packed $tarball" >&2
# nodedir: the native scanner builds against Debian's Node headers (no download is possible here).
npm_config_nodedir=/usr npm install -g --prefix "$work/prefix" --no-audit --no-fund --loglevel=error "$work/$tarball" >&2
mkdir "$work/elsewhere"
cd "$work/elsewhere"
out="$(mktemp -d "$work/out.XXXXXX")"
"$work/prefix/bin/rssp-audit" --version
"$work/prefix/bin/rssp-audit" demo --out "$out" >&2
for f in report.json report.ja.md report.ja.html report.ja.pdf report.junit.xml report.sarif report.oscal.json; do
  [ -s "$out/$f" ] || { echo "smoke-install: demo wrote no $f" >&2; exit 1; }
done
echo "smoke-install: installed package ran the demo from another folder; reports written" >&2
