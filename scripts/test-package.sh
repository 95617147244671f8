#!/usr/bin/env bash
# Builds the .deb (scripts/package.sh), installs it on this machine with apt
# (as a user would: `apt install ./toasoan….deb`), checks what it put where,
# and runs the installed app under Xvfb from its desktop entry's command
# (tests/e2e/installed.mjs: demo newsroom, PDF dossier). Needs root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_app_build
ensure_test_tools
deb="$(bash scripts/package.sh | tail -n 1)"
package="$(dpkg-deb --field "$deb" Package)"
echo "==> apt install $deb"
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall "$deb"
desktop="$(dpkg -L "$package" | grep '^/usr/share/applications/.*\.desktop$' | head -n 1)"
[ -n "$desktop" ] || { echo "the package installs no desktop entry" >&2; exit 1; }
grep -q '^Name=Tòa Soạn$' "$desktop" || { echo "desktop entry without its Vietnamese name: $desktop" >&2; exit 1; }
command -v desktop-file-validate >/dev/null 2>&1 || apt_install desktop-file-utils
desktop-file-validate "$desktop"
exec_cmd="$(sed -n 's/^Exec=//p' "$desktop" | head -n 1)"
exec_cmd="${exec_cmd%% %*}"
app="$(command -v "$exec_cmd")"
echo "==> installed: $package $(dpkg-query -W -f='${Version}' "$package"); desktop entry $desktop runs $app"
# The CLI came with it: a demo newsroom and a search without diacritics.
cli_dir="$(mktemp -d)"
NEWSROOM_DATA_DIR="$cli_dir" /usr/bin/newsroom init >/dev/null
NEWSROOM_DATA_DIR="$cli_dir" /usr/bin/newsroom demo >/dev/null
NEWSROOM_DATA_DIR="$cli_dir" NEWSROOM_AS=hung /usr/bin/newsroom search "nghi dinh" | grep -q "Nghị định" ||
  { echo "the installed newsroom CLI did not find «Nghị định» for «nghi dinh»" >&2; exit 1; }
rm -rf "$cli_dir"
xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/installed.mjs "$app"
