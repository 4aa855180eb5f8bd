#!/bin/sh
# Screenshot of the bundle running on a bare X server, as a lab PC would run it: copied to
# a folder outside the checkout, no virtualenv, no PYTHONPATH, a fresh user data folder.
#
#   packaging/linux/xvfb-screenshot.sh BUNDLE OUT.png [RUN.borane.yaml]
#
# Needs Xvfb and ImageMagick's `import` (Debian: xvfb imagemagick).  Without a run file the
# app opens as on first start (the worked example).  Exits non-zero if the app died.
set -eu
bundle=$(cd "$1" && pwd); out=$2; run=${3:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/boranegui-xvfb-XXXXXX")
trap 'kill "$app" "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
cp -a "$bundle" "$work/boranegui"
display=:$(( 90 + $$ % 100 ))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
sleep 1
cd "$work"
env -i HOME="$work/home" PATH=/usr/bin:/bin DISPLAY="$display" BORANEGUI_HOME="$work/home/data" \
    LANG=C.UTF-8 "$work/boranegui/boranegui" ${run:+"$run"} >"$work/app.log" 2>&1 &
app=$!
sleep "${WAIT:-12}"
if ! kill -0 "$app" 2>/dev/null; then
    echo "the app exited early:" >&2; cat "$work/app.log" >&2; exit 1
fi
DISPLAY="$display" import -window root "$out"
echo "screenshot: $out (app output: $(wc -l <"$work/app.log") lines)"
cat "$work/app.log"
