#!/usr/bin/env bash
# Windows: cross-compiles the core, the CLI and the desktop app for
# x86_64-pc-windows-gnu (rustup target, Debian's MinGW-w64), then runs the
# core's integration tests and the CLI's tests under Wine (Debian's wine64).
# Tests that exist on Linux but are not compiled for Windows (they drive bash,
# mount namespaces or Linux-only tools) are listed by name with the reason,
# never dropped silently; so are tests that cannot run under Wine.
#   bash scripts/test-windows.sh            build + tests under Wine
#   bash scripts/test-windows.sh build      the cross builds only
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_build_tools
triple=x86_64-pc-windows-gnu
target="${CARGO_TARGET_DIR:-$PWD/target}"
rustup target list --installed | grep -qx "$triple" || rustup target add "$triple"
apt_install gcc-mingw-w64-x86-64 wine wine64
out="$target/$triple/debug"
# Without debug info: the .exe files were ~700 MB of DWARF, most of the
# stage's cold build time and disk; panics still name their message.
export CARGO_PROFILE_DEV_DEBUG=0

echo "==> cross-compiling for Windows ($triple, debug): core integration tests, CLI and its tests, desktop app"
# One invocation for the executables and the test binaries: a `cargo build`
# and a `cargo test` unify features differently (dev-dependencies) and would
# compile the core and its dependencies twice.
tests_json="$(cargo build --locked --target "$triple" -p toasoan-core -p newsroom -p toasoan-app \
  --bins --test integration --test cli --message-format=json -q)"
exe_of() { # the test executable of test target $1
  printf '%s\n' "$tests_json" | node -e '
    const name = process.argv[1]; let exe = "";
    for (const l of require("fs").readFileSync(0, "utf8").split("\n")) {
      try { const m = JSON.parse(l); if (m.reason === "compiler-artifact" && m.target.name === name && m.executable) exe = m.executable; } catch {}
    }
    console.log(exe);' "$1"
}
core_exe="$(exe_of integration)"
cli_exe="$(exe_of cli)"
ls -l "$out/newsroom.exe" "$out/toasoan.exe" "$core_exe" "$cli_exe"
[ "${1:-}" = build ] && exit 0

echo "==> the ProcessPrng stand-in Wine 8.0 lacks (tests/windows/bcryptprimitives.c), beside each .exe"
x86_64-w64-mingw32-gcc -shared -O2 -o "$out/bcryptprimitives.dll" tests/windows/bcryptprimitives.c
cp "$out/bcryptprimitives.dll" "$out/deps/bcryptprimitives.dll"

# A Wine prefix of its own, made once; no window, no Mono/Gecko prompts.
export WINEPREFIX="${TOASOAN_WINEPREFIX:-$HOME/.cache/toasoan/wine}"
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
[ -d "$WINEPREFIX" ] || wineboot --init >/dev/null 2>&1
wineserver -p >/dev/null 2>&1 || true
run_wine() { wine "$@"; }

echo "==> newsroom.exe under Wine: the data folder under %APPDATA%, a search without diacritics"
appdata="$(run_wine cmd /c echo %APPDATA% | tr -d '\r')"
echo "    %APPDATA% is $appdata"
run_wine "$out/newsroom.exe" init | tr -d '\r'
run_wine "$out/newsroom.exe" demo >/dev/null
found="$(run_wine "$out/newsroom.exe" --as hung search "nghi dinh" | tr -d '\r')"
[[ "$found" == *"Nghị định"* ]] ||
  { echo "newsroom.exe under Wine did not find «Nghị định» for «nghi dinh»: $found" >&2; exit 1; }
echo "    found: $(printf '%s\n' "$found" | head -n 1)"
echo "==> a portal password into the Windows Credential Manager (Wine's, in its registry), never into the database"
secret="wine-$RANDOM-$RANDOM"
printf '%s\n' "$secret" | run_wine "$out/newsroom.exe" --as hung portal add "cong-$RANDOM" --kind wordpress \
  --url https://congtt.binhson.gov.vn --user bientap --password-stdin | tr -d '\r'
db="$WINEPREFIX/drive_c/users/${USER:-$(id -un)}/AppData/Roaming/toa-soan/toasoan.db"
[ -f "$db" ] || db="$(find "$WINEPREFIX/drive_c/users" -path '*Roaming/toa-soan/toasoan.db' | head -n 1)"
if grep -a -q -- "$secret" "$db"* 2>/dev/null; then echo "the portal password reached the database" >&2; exit 1; fi

# Tests the Linux build has and the Windows build does not, by name, each
# with the reason its #[cfg(unix)] carries.
why() {
  case "$1" in
    *a_backup_taken_while_writing*) echo "its second writer is a bash loop" ;;
    *a_full_or_read_only_disk*) echo "needs a Linux user and mount namespace (unshare) and a tmpfs" ;;
    *sync_killed_at_random*) echo "tells a kill from an abort by the ending signal; needs the test hub besides" ;;
    *a_new_data_folder_is_its_owners_alone*) echo "Unix permission bits; on Windows the folder under %APPDATA% inherits the user's own ACL" ;;
    *) echo "see the test's #[cfg]" ;;
  esac
}
missing() { # $1 linux exe, $2 windows exe
  comm -23 <("$1" --list 2>/dev/null | sed -n 's/: test$//p' | sort) \
           <(run_wine "$2" --list 2>/dev/null | tr -d '\r' | sed -n 's/: test$//p' | sort) |
    while read -r t; do echo "    not compiled for Windows: $t ($(why "$t"))"; done
}
linux_core="$(ls -t "$target"/debug/deps/integration-* 2>/dev/null | grep -v '\.d$' | head -n 1 || true)"
linux_cli="$(ls -t "$target"/debug/deps/cli-* 2>/dev/null | grep -v '\.d$' | head -n 1 || true)"

# Not runnable under Wine, each for a stated reason (Wine cannot start Linux
# programs, and these drive one).
core_skip=(
  "architecture::|runs cargo metadata over the source tree; the layer rules do not depend on the OS"
  "ledger::the_pdf_dossier_reads_back_as_vietnamese_text_with_totals|reads the PDF back with pdftotext (poppler)"
)
status=0
echo "==> core integration tests under Wine ($(basename "$core_exe"))"
skip_args=()
for s in "${core_skip[@]}"; do
  echo "    not run under Wine: ${s%%|*} (${s#*|})"
  skip_args+=(--skip "${s%%|*}")
done
[ -n "$linux_core" ] && missing "$linux_core" "$core_exe"
run_wine "$core_exe" --test-threads 2 "${skip_args[@]}" | tr -d '\r' | grep -v '^test .* \.\.\. ok$' || status=1
echo "==> CLI tests under Wine ($(basename "$cli_exe"); the ones needing the loopback WordPress or the test hub are #[ignore]d here as on Linux without their services)"
[ -n "$linux_cli" ] && missing "$linux_cli" "$cli_exe"
run_wine "$cli_exe" --test-threads 2 | tr -d '\r' | grep -v '^test .* \.\.\. ok$' || status=1
exit "$status"
