#!/usr/bin/env bash
# The window's serif (headings, the brand): Noto Serif from assets/fonts,
# subsetted to Latin and Vietnamese as WOFF2 (~32 KB each) in ui/src/fonts/,
# embedded in the app (no remote font, CSP font-src 'self'). DejaVu Serif
# Bold, the usual fallback, loses the dot below «ạ» at 16 px ("Tòa Soan").
# Run after changing the fonts or the character set; the output is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pyftsubset >/dev/null 2>&1 || python3 -m pip install -q fonttools brotli
# ASCII, Latin-1, the Vietnamese letters (ă â đ ê ô ơ ư and the 134 toned
# forms in U+1EA0–1EF9), combining tones (NFD input), dashes, quotes, ₫, №.
unicodes="U+0020-007E,U+00A0-00FF,U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0303,U+0309,U+0323,U+1EA0-1EF9,U+2013-2014,U+2018-201D,U+2026,U+20AB,U+2116"
for w in Regular Bold; do
  pyftsubset "assets/fonts/NotoSerif-$w.ttf" --unicodes="$unicodes" --flavor=woff2 \
    --layout-features='*' --output-file="ui/src/fonts/NotoSerif-$w-vi.woff2"
done
cp assets/fonts/LICENSE-Noto.txt ui/src/fonts/
