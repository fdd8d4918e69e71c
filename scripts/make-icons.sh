#!/usr/bin/env bash
# Renders public/icons/*.png from icon.svg with the system Chromium (run once when the logo changes).
set -euo pipefail
cd "$(dirname "$0")/../public/icons"
chrome=${CHROMIUM_PATH:-/usr/bin/chromium}
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --hide-scrollbars --default-background-color=00000000)
page() { printf '<html><body style="margin:0;background:%s"><img src="icon.svg" style="width:%spx;height:%spx;display:block;margin:%spx"></body></html>' "$1" "$2" "$2" "$3" > /tmp/gk-icon.html; cp icon.svg /tmp/icon.svg; }
shot() { "$chrome" "${flags[@]}" --window-size="$1,$1" --screenshot="$PWD/$2" file:///tmp/gk-icon.html 2>/dev/null; }
page transparent 192 0; shot 192 icon-192.png
page transparent 512 0; shot 512 icon-512.png
# Maskable: full-bleed background, logo inside the 80% safe zone.
page '#b71c1c' 410 51; shot 512 maskable-512.png
