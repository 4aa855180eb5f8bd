#!/bin/sh
# Install a built BoraneGUI bundle with its menu entry, icon and run-file type.
#
#   packaging/linux/install.sh [BUNDLE]          # for the current user, under ~/.local
#   PREFIX=/opt/boranegui-root sudo -E packaging/linux/install.sh [BUNDLE]   # elsewhere
#   packaging/linux/install.sh --uninstall
#
# BUNDLE is the one-folder bundle (default: dist/boranegui of this checkout).  Files go to
# $PREFIX/lib/boranegui (the app), $PREFIX/bin/boranegui (a link), and the freedesktop
# places under $PREFIX/share.  The menu entry runs the app by its full path, so it works
# even when $PREFIX/bin is not on the desktop session's PATH.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
app_id=io.github.boranegui.BoraneGUI
share=$PREFIX/share
target=$PREFIX/lib/boranegui

refresh() {
    command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$share/mime" || true
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$share/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$target"
    rm -f "$PREFIX/bin/boranegui" "$share/applications/boranegui.desktop" \
          "$share/metainfo/$app_id.metainfo.xml" "$share/mime/packages/$app_id.xml" \
          "$share/icons/hicolor/scalable/apps/$app_id.svg"
    for size in 16 24 32 48 64 128 256 512; do
        rm -f "$share/icons/hicolor/${size}x${size}/apps/$app_id.png"
    done
    refresh
    echo "BoraneGUI removed from $PREFIX (user data and logs are kept)"
    exit 0
fi

bundle=${1:-$here/../../dist/boranegui}
if [ ! -x "$bundle/boranegui" ]; then
    echo "install.sh: no bundle at $bundle (build it with: python packaging/build.py)" >&2
    exit 2
fi
icons=$here/../../resources/icons
[ -f "$icons/boranegui.svg" ] || icons=$bundle/_internal/boranegui/_data/resources/icons

mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$share/applications" "$share/metainfo" "$share/mime/packages" \
         "$share/icons/hicolor/scalable/apps"
rm -rf "$target.new"
cp -a "$bundle" "$target.new"
rm -rf "$target"
mv "$target.new" "$target"
ln -sf "$target/boranegui" "$PREFIX/bin/boranegui"

sed -e "s|^Exec=boranegui|Exec=$target/boranegui|" -e "s|^TryExec=boranegui|TryExec=$target/boranegui|" \
    "$here/boranegui.desktop" > "$share/applications/boranegui.desktop"
cp "$here/$app_id.metainfo.xml" "$share/metainfo/"
cp "$here/$app_id.mime.xml" "$share/mime/packages/$app_id.xml"
cp "$icons/boranegui.svg" "$share/icons/hicolor/scalable/apps/$app_id.svg"
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$share/icons/hicolor/${size}x${size}/apps"
    cp "$icons/boranegui-$size.png" "$share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
refresh
echo "BoraneGUI installed in $target; menu entry $share/applications/boranegui.desktop"
echo "check it with: $target/boranegui --self-test"
