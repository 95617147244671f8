#!/usr/bin/env bash
# Shared helpers for the project's scripts: install what a fresh Debian/Ubuntu
# machine lacks, and nothing more. Sourced, not run.

# apt-get as root or through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
# One install at a time, across processes: a stage's script waits here while
# the packages of later stages are installed in the background (prefetch).
# The lock's descriptor is closed for apt-get itself, so that a service a
# package starts never inherits (and keeps) the lock.
apt_lock="${TMPDIR:-/tmp}/toasoan-apt.lock"
missing_packages() {
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || echo "$pkg"
  done
}
apt_install_locked() { # packages; the caller holds the lock on fd $apt_fd
  local missing
  missing="$(missing_packages "$@")"
  [ -z "$missing" ] && return 0
  echo "==> installing Debian packages:" $missing
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update -qq {apt_fd}>&-
    apt_updated=1
  fi
  # shellcheck disable=SC2086 # one package name per word
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing {apt_fd}>&-
}
apt_install() {
  [ -z "$(missing_packages "$@")" ] && return 0
  local apt_fd rc=0
  exec {apt_fd}>"$apt_lock"
  flock "$apt_fd"
  apt_install_locked "$@" || rc=$?
  exec {apt_fd}>&-
  return "$rc"
}

# The Debian packages of the stages after the first (the test services, the
# readers the tests check files with, packaging, Windows under Wine) and the
# Windows target, installed in the background while the first stages
# compile: apt waits on the network and the disk, cargo on the two cores.
# A stage that needs one of them waits on the lock above; the background
# job's output goes to $1 (a stage that still misses a package installs it
# itself and says why).
later_packages=(
  wordpress mariadb-server apache2 libapache2-mod-php php-mysql php-gd php-xml php-mbstring
  postgresql postgresql-contrib postgresql-client openssl
  poppler-utils libvips-tools desktop-file-utils dpkg-dev binutils
  gcc-mingw-w64-x86-64 wine wine64
)
prefetch_later_stages() {
  (
    exec {apt_fd}>"$apt_lock"
    flock "$apt_fd"
    apt_install_locked "${later_packages[@]}" || echo "prefetch: apt-get failed"
    exec {apt_fd}>&-
    if command -v rustup >/dev/null 2>&1; then
      rustup target list --installed | grep -qx x86_64-pc-windows-gnu || rustup target add x86_64-pc-windows-gnu
    fi
  ) >"$1" 2>&1 &
}

# A C compiler (bundled SQLite), the headers the core links against (OpenSSL
# for HTTPS to portals, D-Bus for the Secret Service keyring) and a Rust
# toolchain with rustfmt and clippy.
ensure_build_tools() {
  command -v cc >/dev/null 2>&1 || apt_install build-essential
  apt_install pkg-config libssl-dev libdbus-1-dev
  command -v curl >/dev/null 2>&1 || apt_install curl ca-certificates
  if ! command -v cargo >/dev/null 2>&1; then
    [ -x "$HOME/.cargo/bin/cargo" ] || {
      echo "==> installing Rust with rustup"
      curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    }
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if command -v rustup >/dev/null 2>&1; then
    cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
    cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
  fi
}

# What the desktop app needs to build and to be tested in its real window:
# WebKitGTK and friends (Tauri v2 on Linux), Xvfb, WebKitWebDriver, Node.js,
# and tauri-driver.
ensure_app_deps() {
  apt_install libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev \
    libayatana-appindicator3-dev librsvg2-dev pkg-config xvfb xauth webkit2gtk-driver
  if ! command -v node >/dev/null 2>&1; then apt_install nodejs npm; fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -lt 20 ]; then
    echo "Node.js $(node --version) is too old: the UI build (Vite 8) needs Node.js 20.19 or newer." >&2
    echo "Install a current Node.js (e.g. from nodejs.org or NodeSource) and run again." >&2
    exit 1
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! tauri-driver --help >/dev/null 2>&1; then
    echo "==> installing tauri-driver"
    cargo install tauri-driver --version '^2' --locked -q
  fi
}

# libvips' vipsthumbnail: the reference the media import benchmark is measured
# against, side by side in the same run (BENCHMARKS.md).
ensure_bench_tools() {
  command -v vipsthumbnail >/dev/null 2>&1 || apt_install libvips-tools
}

# What building the app needs, and the cargo target folder in effect
# (exported as $target).
ensure_app_build() {
  ensure_build_tools
  ensure_app_deps
  target="${CARGO_TARGET_DIR:-$PWD/target}"
}

# The release binaries — the app, the CLI and the benchmark — in ONE cargo
# invocation: separate `-p` builds unify dependency features differently and
# compile the core and its dependencies again for each (three release builds
# of the workspace in CI before this). The UI is built first (the app embeds
# ui/dist at compile time) and the app's configuration is the one the .deb
# ships (TAURI_CONFIG, as `tauri build` would pass it), so every script that
# needs a release binary gets the same artifacts and nothing is rebuilt.
release_config='{"productName":"toa-soan"}'
build_release() {
  [ -n "${release_built:-}" ] && return 0
  echo "==> release build: UI (vite), then app + CLI + benchmark in one cargo invocation" >&2
  # Vite writes into a scratch folder and ui/dist is replaced only when the
  # output differs: the app embeds ui/dist and cargo rebuilds it when the
  # files' times change, even to the same bytes.
  (cd ui && npm install --no-audit --no-fund --loglevel=error &&
    rm -rf .dist-new && npx vite build --logLevel error --outDir .dist-new &&
    if diff -rq dist .dist-new >/dev/null 2>&1; then rm -rf .dist-new; else rm -rf dist && mv .dist-new dist; fi)
  TAURI_CONFIG="$release_config" cargo build --release --locked -q \
    -p toasoan-app -p newsroom -p toasoan-bench --features toasoan-app/custom-protocol
  release_built=1
}

# poppler's pdftotext: the acceptance dossier's PDF is read back as text by the
# tests (a reader other than the writer), to check Vietnamese text and totals.
ensure_test_tools() {
  command -v pdftotext >/dev/null 2>&1 || apt_install poppler-utils
}

# cargo-fuzz on the nightly toolchain, for the fuzz smoke run. Only crates.io
# is reachable from CI: a machine without a nightly toolchain cannot get one,
# and scripts/fuzz.sh then says so (exit 3) instead of passing silently.
ensure_fuzz_tools() {
  export PATH="$HOME/.cargo/bin:$PATH"
  rustup run nightly rustc --version >/dev/null 2>&1 || return 0
  if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "==> installing cargo-fuzz"
    cargo +nightly install cargo-fuzz --locked -q
  fi
}
