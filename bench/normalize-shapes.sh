#!/usr/bin/env bash
# The normaliser on one 1 MB line of each shape #13 names ("no spaces, commas, digits,
# punctuation") and a few mixed ones: wall time (median of 3) and peak memory of `loa normalize`
# (release build). #13's target: each under a second.
# LOA_BIN=… to measure another binary; SKIP_BUILD=1 to use it as it is; ONE_CORE=1 to pin it to
# one core (the normaliser reads a long line's pieces on every core).
set -euo pipefail
source "$(dirname "$0")/normalize-env.sh"
python3 - "$tmp" bench/text/bulletin.txt <<'PY'
import sys
d, prose = sys.argv[1], sys.argv[2]
MB = 1_000_000
def fill(unit):
    return (unit * (MB // len(unit.encode()) + 1)).encode()[:MB].decode("utf-8", "ignore")
shapes = {
    "letters": "a",
    "digits": "1234567890",
    "commas": ",".join(str(i) for i in range(1, 300)) + ",",
    "punctuation": "./-:;,()",
    "mixed": "Ab1.2/3-4,5 ",
    "dates": "12/3/2024-",
    "prose": open(prose, encoding="utf-8").read().replace("\n", " "),
}
for name, unit in shapes.items():
    open(f"{d}/{name}.txt", "w", encoding="utf-8").write(fill(unit) + "\n")
PY
for f in letters digits commas punctuation mixed dates prose; do
  runs=()
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$tmp/time" ${ONE_CORE:+taskset -c 0} timeout "${TIMEOUT:-600}" "$loa" normalize \
      < "$tmp/$f.txt" > "$tmp/out.txt"
    runs+=("$(cat "$tmp/time")")
  done
  lines=$(wc -l < "$tmp/out.txt")
  median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
  read -r secs kb <<< "$median"
  printf '%-12s 1 MB line: %6.2f s (median of 3), peak RSS %5.1f MB, %d output line(s)\n' "$f" "$secs" \
    "$(echo "$kb/1024" | bc -l)" "$lines"
done
