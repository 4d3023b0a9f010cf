#!/usr/bin/env bash
# Ensure the Debian packages the app needs are present. Usage: system_packages.sh run|test|bench
#   run:  fonts-nanum (Korean text in PDF reports)            -> warns if it cannot install
#   test: fonts-nanum, chromium, poppler-utils (browser tests, PDF checks) -> fails if it cannot install
#   bench: fonts-nanum, wrk (load generator of benchmarks/bench_api.py)   -> fails if it cannot install
set -u
mode=${1:-run}
missing=()
fc-list 2>/dev/null | grep -qi nanum || [ -d /usr/share/fonts/truetype/nanum ] || missing+=(fonts-nanum)
if [ "$mode" = test ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
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
