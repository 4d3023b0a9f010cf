#!/usr/bin/env bash
# Ensure the Debian packages the app needs are present. Usage: system_packages.sh run|test|bench
#   run:  fonts-nanum, fonts-noto-color-emoji, WeasyPrint's pango/harfbuzz libraries, chromium (PDF reports:
#         Korean text, emoji in names, layout, charts drawn by kaleido)  -> warns if it cannot install
#   test: the same, plus poppler-utils (browser tests, PDF checks) -> fails if it cannot install
#   bench: the fonts, the WeasyPrint libraries, wrk (load generator of benchmarks/bench_api.py) -> fails if not
set -u
mode=${1:-run}
missing=()
fc-list 2>/dev/null | grep -qi nanum || [ -d /usr/share/fonts/truetype/nanum ] || missing+=(fonts-nanum)
# Names with emoji (function, organisation, assessment) print as boxes without a font that has them: in the PDF
# (WeasyPrint finds it through fontconfig) and on pages viewed in a browser on this machine.
fc-list 2>/dev/null | grep -qi "color emoji" || missing+=(fonts-noto-color-emoji)
# WeasyPrint 70 loads pango, pangoft2 and harfbuzz-subset (their dependencies bring glib, harfbuzz, fontconfig).
libraries=$( (/sbin/ldconfig -p || ldconfig -p) 2>/dev/null)
for lib in libpango-1.0-0:libpango-1.0.so.0 libpangoft2-1.0-0:libpangoft2-1.0.so.0 \
           libharfbuzz-subset0:libharfbuzz-subset.so.0; do
  grep -q "${lib#*:}" <<<"$libraries" || missing+=("${lib%%:*}")
done
if [ "$mode" = run ] || [ "$mode" = test ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi
if [ "$mode" = test ]; then
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
fi
if [ "$mode" = bench ]; then
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "System packages missing: ${missing[*]}"
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null && exit 0
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null && exit 0
  fi
fi
echo "Could not install them automatically. Install them with:"
echo "    sudo apt-get install ${missing[*]}"
[ "$mode" != run ] && exit 1
exit 0
