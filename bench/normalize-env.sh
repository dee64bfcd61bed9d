# Sourced by the normaliser's benches: the release binary (LOA_BIN=… to measure another one;
# SKIP_BUILD=1 to use it as it is), the repository's voices, and a scratch folder in $tmp.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -n "${SKIP_BUILD:-}" ] || swift build -c release --product loa >/dev/null
loa=${LOA_BIN:-.build/release/loa}
export LOA_VOICES_DIR=$PWD/Voices
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
