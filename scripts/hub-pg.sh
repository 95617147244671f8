#!/usr/bin/env bash
# The team hub's PostgreSQL for the tests: a cluster of its own (initdb in
# its own folder, its own port on 127.0.0.1), scram-sha-256 for every login
# so passwords are really checked, and TLS only, with a certificate
# authority and a server certificate made here with openssl. Never the
# machine's own server (it trusts every login and proves nothing).
#   bash scripts/hub-pg.sh up|start|stop|down|env
# `up` installs PostgreSQL where it is missing, creates the cluster once and
# starts it; `stop`/`start` take it down and back (the tests' "hub down");
# `down` removes it. The admin's credentials, the URL and the CA go to
# ${TOASOAN_HUB_ENV:-$HOME/.cache/toasoan/hub.env}.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

dir="${TOASOAN_PG_DIR:-/var/tmp/toasoan-hub-pg}"
port="${TOASOAN_PG_PORT:-55432}"
envfile="${TOASOAN_HUB_ENV:-$HOME/.cache/toasoan/hub.env}"
admin=toasoan_admin

pg_bin() {
  local b
  for b in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
    [ -x "$b/initdb" ] && [ -x "$b/pg_ctl" ] && { echo "$b"; return 0; }
  done
  return 1
}

as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

ensure_pg() {
  if ! pg_bin >/dev/null; then apt_install postgresql postgresql-contrib; fi
  command -v openssl >/dev/null 2>&1 || apt_install openssl
  command -v psql >/dev/null 2>&1 || apt_install postgresql-client
  bin="$(pg_bin)"
}

certs() {
  local c="$dir/certs"
  mkdir -p "$c"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Toa Soan test CA" \
    -keyout "$c/ca.key" -out "$c/ca.crt" >/dev/null 2>&1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$c/server.key" -out "$c/server.csr" >/dev/null 2>&1
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > "$c/san.ext"
  openssl x509 -req -in "$c/server.csr" -CA "$c/ca.crt" -CAkey "$c/ca.key" -CAcreateserial -days 3650 \
    -extfile "$c/san.ext" -out "$c/server.crt" >/dev/null 2>&1
  # A second, unrelated authority: the tests' "wrong CA".
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Another CA" \
    -keyout "$c/other-ca.key" -out "$c/other-ca.crt" >/dev/null 2>&1
  chmod 0644 "$c"/*.crt
}

create() {
  echo "==> creating the hub's test PostgreSQL cluster in $dir (port $port, scram-sha-256, TLS only)"
  mkdir -p "$dir"
  certs
  local pw
  pw="$(openssl rand -hex 16)"
  printf '%s\n' "$pw" > "$dir/admin.pw"
  chown -R postgres:postgres "$dir" 2>/dev/null || true
  chmod 0700 "$dir"
  as_pg "$bin/initdb" -D "$dir/data" -U "$admin" --pwfile="$dir/admin.pw" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  cp "$dir/certs/server.crt" "$dir/certs/server.key" "$dir/data/"
  chown postgres:postgres "$dir/data/server.crt" "$dir/data/server.key" 2>/dev/null || true
  chmod 0600 "$dir/data/server.key"
  cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
password_encryption = scram-sha-256
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
max_connections = 200
fsync = on
CONF
  cat > "$dir/data/pg_hba.conf" <<HBA
# TLS only from the network side; every login by its SCRAM password.
local   all  all                 scram-sha-256
hostssl all  all  127.0.0.1/32   scram-sha-256
host    all  all  127.0.0.1/32   reject
HBA
  start
  PGPASSWORD="$pw" psql -h "$dir" -p "$port" -U "$admin" -d postgres -qc "CREATE DATABASE toasoan" >/dev/null
  write_env
}

start() {
  if as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then return 0; fi
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
}

stop() {
  as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

write_env() {
  mkdir -p "$(dirname "$envfile")"
  cat > "$envfile" <<ENV
export TOASOAN_HUB_URL='postgres://127.0.0.1:$port/toasoan?sslmode=verify-full'
export TOASOAN_HUB_ADMIN='$admin'
export TOASOAN_HUB_ADMIN_PASSWORD='$(cat "$dir/admin.pw")'
export TOASOAN_HUB_CA='$dir/certs/ca.crt'
export TOASOAN_HUB_OTHER_CA='$dir/certs/other-ca.crt'
export TOASOAN_HUB_PGDATA='$dir/data'
export TOASOAN_HUB_PGBIN='$bin'
export TOASOAN_HUB_SOCKET='$dir'
export TOASOAN_HUB_PORT='$port'
ENV
  chmod 0600 "$envfile"
}

case "${1:-up}" in
  up)
    ensure_pg
    if [ -d "$dir/data" ]; then start; write_env; else create; fi
    echo "==> hub PostgreSQL is up on 127.0.0.1:$port (credentials in $envfile)"
    ;;
  start) ensure_pg; start ;;
  stop) ensure_pg; stop ;;
  down) ensure_pg; stop; rm -rf "$dir" "$envfile" ;;
  env) ensure_pg; write_env; cat "$envfile" ;;
  *) echo "usage: $0 up|start|stop|down|env" >&2; exit 2 ;;
esac
