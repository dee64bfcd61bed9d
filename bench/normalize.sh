#!/usr/bin/env bash
# Normaliser throughput against espeak-ng synthesis of the same text (release build).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product loa >/dev/null
loa=.build/release/loa
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# 1 MB of bulletin-like lines from the test corpus.
cut -f2 Tests/LoaSpeechTests/Corpus/normalization.tsv | grep -v '^#' > "$tmp/unit.txt"
while [ "$(stat -c %s "$tmp/in.txt" 2>/dev/null || echo 0)" -lt 1048576 ]; do cat "$tmp/unit.txt" >> "$tmp/in.txt"; done
bytes=$(stat -c %s "$tmp/in.txt")
runs=()
for i in 1 2 3 4 5; do
  s=$(date +%s.%N); "$loa" normalize < "$tmp/in.txt" > "$tmp/out.txt"; e=$(date +%s.%N)
  runs+=("$(echo "$e - $s" | bc)")
done
norm=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p)
# espeak-ng on a 20 KB sample of the normalised text, scaled to the same size.
head -c 20000 "$tmp/out.txt" > "$tmp/sample.txt"
sample=$(stat -c %s "$tmp/sample.txt")
s=$(date +%s.%N); espeak-ng -v vi -f "$tmp/sample.txt" -w "$tmp/sample.wav"; e=$(date +%s.%N)
synth=$(echo "($e - $s) * $bytes / $sample" | bc -l)
audio=$(soxi -D "$tmp/sample.wav")
echo "input: $bytes bytes; normalise median of 5: ${norm} s"
printf 'espeak-ng synthesis of the same amount (from a %d-byte sample): %.1f s (%.0f s of audio in the sample)\n' "$sample" "$synth" "$audio"
printf 'ratio synthesis / normalise: %.0f×\n' "$(echo "$synth / $norm" | bc -l)"
