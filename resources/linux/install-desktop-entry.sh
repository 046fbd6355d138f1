#!/bin/sh
# Adds Repair Desktop to this user's application menu (no root needed).
#   resources/linux/install-desktop-entry.sh [PROGRAM]
# PROGRAM: the program to start (default: repair-desktop on the PATH; for the built folder give
# /path/to/repair-desktop/repair-desktop). In the built folder this script is in _internal/resources/linux/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
program=${1:-repair-desktop}
data=${XDG_DATA_HOME:-$HOME/.local/share}
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
    cp "$here/../icons/repair-desktop-$size.png" "$data/icons/hicolor/${size}x${size}/apps/repair-desktop.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps" "$data/applications" "$data/metainfo"
cp "$here/../icons/repair-desktop.svg" "$data/icons/hicolor/scalable/apps/repair-desktop.svg"
sed "s|^Exec=.*|Exec=\"$program\"|" "$here/repair-desktop.desktop" > "$data/applications/repair-desktop.desktop"
cp "$here/io.github.repair_desktop.RepairDesktop.metainfo.xml" "$data/metainfo/"
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
echo "Repair Desktop is in the application menu (starts $program)."
