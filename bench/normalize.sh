#!/usr/bin/env bash
# Normaliser throughput against espeak-ng synthesis of the same text (release build).
set -euo pipefail
# LOA_BIN=… to measure another binary; SKIP_BUILD=1 to use it as it is.
source "$(dirname "$0")/normalize-env.sh"
# 1 MB of bulletin-like lines from the test corpus.
cut -f2 Tests/LoaSpeechTests/Corpus/normalization.tsv | grep -v '^#' > "$tmp/unit.txt"
while [ "$(stat -c %s "$tmp/in.txt" 2>/dev/null || echo 0)" -lt 1048576 ]; do cat "$tmp/unit.txt" >> "$tmp/in.txt"; done
# 1 MB of ordinary bulletin prose (bench/text/bulletin.txt: notices, weather, a few figures).
while [ "$(stat -c %s "$tmp/prose.txt" 2>/dev/null || echo 0)" -lt 1048576 ]; do
  cat bench/text/bulletin.txt >> "$tmp/prose.txt"
done
median() { # FILE [COMMAND PREFIX…] → median of 5 wall times of `loa normalize`
  local runs=() s e f=$1
  shift
  for i in 1 2 3 4 5; do
    s=$(date +%s.%N); "$@" "$loa" normalize < "$f" > "$tmp/out.txt"; e=$(date +%s.%N)
    runs+=("$(echo "$e - $s" | bc)")
  done
  printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p
}
export LOA_VOICES_DIR=$PWD/Voices
prose=$(median "$tmp/prose.txt")
printf 'bulletin prose: %d bytes, median of 5: %s s, %.2f MB/s (%d cores)\n' "$(stat -c %s "$tmp/prose.txt")" "$prose" \
  "$(echo "$(stat -c %s "$tmp/prose.txt") / 1000000 / $prose" | bc -l)" "$(nproc)"
# The same on one core (the normaliser reads long texts and many lines on every core).
one=$(median "$tmp/prose.txt" taskset -c 0)
printf 'bulletin prose on one core (taskset -c 0): median of 5: %s s, %.2f MB/s\n' "$one" \
  "$(echo "$(stat -c %s "$tmp/prose.txt") / 1000000 / $one" | bc -l)"
# What every run pays before its first word (the binary loaded, the lexicon read): one short
# line. The daemon pays it once; the figure net of it is the normaliser's own throughput.
echo "Kính thưa bà con." > "$tmp/short.txt"
start=$(median "$tmp/short.txt" taskset -c 0)
printf 'one short line on one core (start-up): median of 5: %s s; prose net of it: %.2f MB/s\n' "$start" \
  "$(echo "$(stat -c %s "$tmp/prose.txt") / 1000000 / ($one - $start)" | bc -l)"
bytes=$(stat -c %s "$tmp/in.txt")
norm=$(median "$tmp/in.txt")
printf 'corpus lines: %d bytes, median of 5: %s s, %.2f MB/s\n' "$bytes" "$norm" "$(echo "$bytes / 1000000 / $norm" | bc -l)"
"$loa" normalize < "$tmp/in.txt" > "$tmp/out.txt"
# espeak-ng on a 20 KB sample of the normalised text, scaled to the same size.
head -c 20000 "$tmp/out.txt" > "$tmp/sample.txt"
sample=$(stat -c %s "$tmp/sample.txt")
s=$(date +%s.%N); espeak-ng -v vi -f "$tmp/sample.txt" -w "$tmp/sample.wav"; e=$(date +%s.%N)
synth=$(echo "($e - $s) * $bytes / $sample" | bc -l)
audio=$(soxi -D "$tmp/sample.wav")
echo "input: $bytes bytes; normalise median of 5: ${norm} s"
printf 'espeak-ng synthesis of the same amount (from a %d-byte sample): %.1f s (%.0f s of audio in the sample)\n' "$sample" "$synth" "$audio"
printf 'ratio synthesis / normalise: %.0f×\n' "$(echo "$synth / $norm" | bc -l)"
