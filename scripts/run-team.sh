#!/usr/bin/env bash
# Quick start, team mode: the demo newsroom on a newsroom hub, two windows.
# Installs what is missing, brings up a local hub (scripts/hub-pg.sh: its own
# PostgreSQL cluster, scram-sha-256, TLS), makes the head's workbench with the
# demo newsroom (Báo Bình Sơn) and moves it onto the hub, gives the reporter
# `an` and the editor `lan` their hub logins, joins a workbench for each (own
# data folder) and opens both windows side by side. Write in one, see it
# arrive in the other; stop the hub (`bash scripts/hub-pg.sh stop`) to work
# offline. Passwords are generated once and kept in ~/.cache/toasoan/team-demo.env.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_app_build

build_release
bash scripts/hub-pg.sh up
# shellcheck disable=SC1090
. "${TOASOAN_HUB_ENV:-$HOME/.cache/toasoan/hub.env}"

demo_env="$HOME/.cache/toasoan/team-demo.env"
base="${TOASOAN_TEAM_DEMO_DIR:-$HOME/.local/share/toa-soan-team}"
nr="$target/release/newsroom"
db=toasoan_demo
url="postgres://127.0.0.1:$TOASOAN_HUB_PORT/$db?sslmode=verify-full"
export PGPASSWORD="$TOASOAN_HUB_ADMIN_PASSWORD" PGSSLMODE=require
if [ ! -f "$demo_env" ] || [ ! -d "$base/hung" ]; then
  echo "==> a fresh team demo: hub database $db, head hung, editor lan, reporter an"
  rm -rf "$base"
  psql -h 127.0.0.1 -p "$TOASOAN_HUB_PORT" -U "$TOASOAN_HUB_ADMIN" -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  for l in hung lan an; do
    psql -h 127.0.0.1 -p "$TOASOAN_HUB_PORT" -U "$TOASOAN_HUB_ADMIN" -d postgres -qc "DROP ROLE IF EXISTS $l" 2>/dev/null || true
  done
  psql -h 127.0.0.1 -p "$TOASOAN_HUB_PORT" -U "$TOASOAN_HUB_ADMIN" -d postgres -qc "CREATE DATABASE $db"
  mkdir -p "$(dirname "$demo_env")"
  {
    for l in HUNG LAN AN; do echo "export TOASOAN_DEMO_PW_$l='$(openssl rand -hex 12)'"; done
  } > "$demo_env"
  chmod 0600 "$demo_env"
  # shellcheck disable=SC1090
  . "$demo_env"
  export TOASOAN_DEMO_ADMIN_PW="$TOASOAN_HUB_ADMIN_PASSWORD"
  head="$base/hung/toa-soan"
  "$nr" --data-dir "$head" demo >/dev/null
  "$nr" --data-dir "$head" hub init --url "$url" --user "$TOASOAN_HUB_ADMIN" --password-env TOASOAN_DEMO_ADMIN_PW \
    --head hung --head-password-env TOASOAN_DEMO_PW_HUNG --ca-cert "$TOASOAN_HUB_CA" --from-local
  "$nr" --data-dir "$head" hub user add lan --role editor --name "Phạm Thị Lan" --password-env TOASOAN_DEMO_PW_LAN
  "$nr" --data-dir "$head" hub user add an --role reporter --name "Lê Thanh An" --password-env TOASOAN_DEMO_PW_AN
  for l in lan an; do
    var="TOASOAN_DEMO_PW_$(echo "$l" | tr '[:lower:]' '[:upper:]')"
    "$nr" --data-dir "$base/$l/toa-soan" hub connect --url "$url" --user "$l" --password-env "$var" --ca-cert "$TOASOAN_HUB_CA"
  done
fi
# shellcheck disable=SC1090
. "$demo_env"
echo "==> hub: $url (CA $TOASOAN_HUB_CA)"
echo "    logins: hung / lan / an; passwords in $demo_env"
open_window() {
  local login=$1
  echo "==> opening the window of $login (data folder $base/$login/toa-soan)"
  XDG_DATA_HOME="$base/$login" XDG_CONFIG_HOME="$base/$login/config" "$target/release/toasoan" &
}
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "(no display: running under Xvfb; use a desktop session to see the windows)"
  exec xvfb-run -a -s "-screen 0 1920x1080x24" bash -c "
    XDG_DATA_HOME='$base/an' XDG_CONFIG_HOME='$base/an/config' '$target/release/toasoan' &
    XDG_DATA_HOME='$base/lan' XDG_CONFIG_HOME='$base/lan/config' '$target/release/toasoan'"
fi
open_window an
open_window lan
wait
