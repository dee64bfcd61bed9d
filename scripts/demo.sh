#!/usr/bin/env bash
# Installs what is needed, starts the daemon with embedded defaults, speaks a sample
# Vietnamese bulletin and shows the as-run log.
#
# With a sound card it plays through ALSA 'default'. Without one (a server, CI) the
# audio goes through ALSA's file plugin into demo-output/bulletin.wav.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product loa
loa=.build/release/loa

out=demo-output
mkdir -p "$out"
state=$(mktemp -d /tmp/loa-demo.XXXXXX)
port=18707
export LOA_SERVER="http://127.0.0.1:$port"
export LOA_OPERATOR="demo"
export LOA_STATE_DIR="$state"   # the CLI reads the daemon's local token there (root on a box needs no login)

if aplay -l 2>/dev/null | grep -q '^card'; then
  device=default
  echo "Playing through the sound card (ALSA 'default')."
else
  rm -f "$out/bulletin.wav"
  device="file:'$PWD/$out/bulletin.wav',wav"
  echo "No sound card: the audio is written to $out/bulletin.wav"
fi

"$loa" serve --state-dir "$state" --device "$device" --listen "127.0.0.1:$port" 2>"$out/daemon.log" &
daemon=$!
trap 'kill $daemon 2>/dev/null || true; wait $daemon 2>/dev/null || true; rm -rf "$state"' EXIT
for _ in $(seq 50); do "$loa" status >/dev/null 2>&1 && break; sleep 0.1; done

echo
echo "== loa say (bản tin mẫu)"
"$loa" say --title "Bản tin mẫu" --wait "Kính thưa bà con nhân dân trong xã. \
Ủy ban nhân dân xã thông báo: sáng thứ bảy tuần này, tại nhà văn hóa thôn, \
cán bộ y tế sẽ tiêm phòng miễn phí cho trẻ em dưới năm tuổi. \
Đề nghị các gia đình đưa con em đến đúng giờ. Xin trân trọng cảm ơn bà con."
echo
echo "== loa log (nhật ký phát sóng)"
"$loa" log
echo
"$loa" log --json
# Stop the daemon: ALSA's file plugin completes the WAV header when the device closes.
kill $daemon; wait $daemon 2>/dev/null || true
if [ -f "$out/bulletin.wav" ]; then
  echo
  echo "Audio: $out/bulletin.wav ($(soxi -D "$out/bulletin.wav" 2>/dev/null || echo '?') s)"
fi
