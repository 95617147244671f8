#!/usr/bin/env bash
# Builds the release app and its Debian package with Tauri's bundler: the app
# (/usr/bin/toasoan), the `newsroom` command line beside it (/usr/bin/newsroom),
# the icon, a desktop entry in Vietnamese (src-tauri/packaging/toasoan.desktop)
# and the Debian packages it needs declared (tauri.conf.json → bundle.linux.deb).
#   bash scripts/package.sh            the .deb's path is the last line printed
# Install it with `sudo apt install ./<file>.deb`; scripts/test-package.sh
# installs it on this machine and runs the installed app.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_app_build
apt_install dpkg-dev binutils
build_release
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
patch="$work/deb.json"
strip -o "$work/newsroom" "$target/release/newsroom"
printf '{"productName":"toa-soan","bundle":{"linux":{"deb":{"files":{"/usr/bin/newsroom":"%s"}}}}}\n' "$work/newsroom" >"$patch"
echo "==> the app's line tables stripped, then its .deb (tauri bundle)" >&2
strip "$target/release/toasoan"
ui/node_modules/.bin/tauri bundle --bundles deb --config "$patch" >&2
deb="$(ls -t "$target"/release/bundle/deb/*.deb | head -n 1)"
dpkg-deb --info "$deb" >&2
dpkg-deb --contents "$deb" >&2
echo "$deb"
