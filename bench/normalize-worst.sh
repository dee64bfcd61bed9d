#!/usr/bin/env bash
# The normaliser on the inputs that were quadratic (#13): 40 KB without a space, 23 KB of numbers
# joined by commas, a 10 MB line; wall time and peak memory of `loa normalize` (release build).
# LOA_BIN=… to measure another binary; SKIP_BUILD=1 to use it as it is.
set -euo pipefail
source "$(dirname "$0")/normalize-env.sh"
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
open(f"{d}/nospace.txt", "w").write("a" * 40_000)  # one 40 KB "word"
open(f"{d}/commas.txt", "w").write(",".join(str(i) for i in range(1, 5000))[:23_000])
line = "Kính thưa bà con, ngày 26-9 xã tiêm phòng cho 1.250 con gia súc lúc 14h30 tại 3 điểm. "
open(f"{d}/tenmb.txt", "w").write((line * (10_000_000 // len(line.encode())))[:10_000_000].replace("\n", " "))
PY
for f in nospace commas tenmb; do
  bytes=$(stat -c %s "$tmp/$f.txt")
  /usr/bin/time -f "%e %M" -o "$tmp/time" timeout "${TIMEOUT:-600}" "$loa" normalize < "$tmp/$f.txt" > /dev/null || true
  read -r secs kb < "$tmp/time"
  printf '%-8s %9d bytes: %7.2f s, peak RSS %6.1f MB, %.2f MB/s\n' "$f" "$bytes" "$secs" "$(echo "$kb/1024" | bc -l)" \
    "$(echo "$bytes/1000000/($secs+0.0001)" | bc -l)"
done
