#!/usr/bin/env bash
# Proof that the package installs on a bare box: a clean Debian 12 root (debootstrap minbase,
# no Swift, no -dev packages), `apt-get install ./loa_*.deb` in it and nothing else, `loa serve`
# started inside it as the package's `loa` user against an ALSA file device, a bulletin spoken,
# its as-run row and its audio checked; then `dpkg --purge loa` must leave no file behind.
# Usage: scripts/test-package.sh [path/to/loa_*.deb]   (builds the package when none is given)
set -euo pipefail
cd "$(dirname "$0")/.."
deb=${1:-}
if [ -z "$deb" ]; then deb=$(scripts/package.sh | tail -1); fi
deb=$(realpath "$deb")
command -v debootstrap >/dev/null || scripts/install-deps.sh

mkdir -p .build-root
root=$(mktemp -d "$PWD/.build-root/bookworm-XXXXXX")
chmod 755 "$root"  # it is the box's `/`: mktemp made it private to root
daemon=""
cleanup() {
  if [ -n "$daemon" ]; then kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; fi
  umount "$root/proc" 2>/dev/null || true
  if [ -n "${KEEP_ROOT:-}" ]; then echo "root kept: $root" >&2; else rm -rf "$root"; fi
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  if [ -s "$root/tmp/serve.log" ]; then echo "--- the daemon's log:" >&2; tail -20 "$root/tmp/serve.log" >&2; fi
  exit 1
}
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

echo "== debootstrap (minbase) into $root"
debootstrap --variant=minbase bookworm "$root" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >/dev/null
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/loa.deb"
station_deb="$(dirname "$deb")/loa-station_$(basename "$deb" | sed 's/^loa_//')"
[ -f "$station_deb" ] || fail "no station package beside $deb"
cp "$station_deb" "$root/tmp/loa-station.deb"

echo "== apt-get install ./loa.deb"
in_root apt-get update -q >/dev/null
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/loa.deb

echo "== no toolchain came with it"
in_root sh -c 'command -v swift swiftc' && fail "a Swift toolchain is in the root"
in_root sh -c 'ls /usr/lib/*/libswiftCore.so* /usr/lib/swift 2>/dev/null' && fail "Swift runtime libraries in the root"
devs=$(in_root dpkg-query -W -f '${Package} ${Status}\n' | grep "install ok installed" | cut -d' ' -f1 |
  grep -E -- '-dev(:|$)' || true)
[ -z "$devs" ] || fail "-dev packages installed: $devs"
installed() { in_root dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in mosquitto icecast2 pulseaudio ffmpeg gcc; do
  if installed "$p"; then fail "$p was pulled in"; fi
done
echo "packages installed in the root: $(in_root dpkg-query -W -f '${Status}\n' | grep -c "install ok installed")"

echo "== what the package put in place"
# #12: installed size outside Debian ≤ 40 MB (40,000,000 bytes, as apt counts).
size=$(dpkg-deb -f "$deb" Installed-Size)
echo "Installed-Size: $size KiB ($((size * 1024 / 1000000)) MB)"
[ "$((size * 1024))" -le 40000000 ] || fail "Installed-Size $size KiB is over 40 MB"
version=$(in_root loa --version)
echo "loa --version: $version"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+\+[0-9a-f]{12} ]] || fail "--version does not carry the commit: $version"
in_root id loa | grep -q '(audio)' || fail "user loa is not in the audio group: $(in_root id loa)"
[ "$(in_root stat -c %U /var/lib/loa)" = loa ] || fail "/var/lib/loa is not owned by loa"
grep -qx /etc/loa/loa.toml "$root/var/lib/dpkg/info/loa.conffiles" || fail "/etc/loa/loa.toml is not a conffile"
for f in /lib/systemd/system/loa.service /usr/share/man/man1/loa.1.gz /usr/share/bash-completion/completions/loa \
  /usr/share/zsh/vendor-completions/_loa /usr/share/loa/Voices/lexicon-vi.tsv /usr/share/loa/Schedules/xa-mau.toml; do
  [ -s "$root$f" ] || fail "$f missing"
done
[ -L "$root/etc/systemd/system/multi-user.target.wants/loa.service" ] || fail "loa.service is not enabled"
zcat "$root/usr/share/man/man1/loa.1.gz" | grep -q '^\.Sh' || fail "the man page has no sections"
if command -v systemd-analyze >/dev/null; then
  exposure=$(systemd-analyze security --offline=yes "$root/lib/systemd/system/loa.service" 2>/dev/null |
    sed -n 's/.*Overall exposure level for loa.service: \([0-9.]*\).*/\1/p')
  echo "systemd-analyze security: exposure $exposure"
  python3 -c "import sys; sys.exit(0 if float('$exposure') <= 3.0 else 1)" || fail "unit exposure $exposure > 3.0"
fi

echo "== loa serve as user loa, a bulletin to an ALSA file device"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
chroot --userspec=loa:loa --groups=audio "$root" /usr/bin/env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
  loa serve --config /etc/loa/loa.toml --device "file:'/var/lib/loa/out.raw',raw" --listen "127.0.0.1:$port" \
  >"$root/tmp/serve.log" 2>&1 &
daemon=$!
export LOA_SERVER="http://127.0.0.1:$port"
ready=""
for _ in $(seq 200); do
  if in_root env LOA_SERVER="$LOA_SERVER" loa status >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$daemon" 2>/dev/null || fail "loa serve exited"
  sleep 0.1
done
[ -n "$ready" ] || fail "loa serve did not answer within 20 s"
id=$(in_root env LOA_SERVER="$LOA_SERVER" loa say "Xin chào bà con, đây là bản tin thử của loa mới." | head -1)
[ -n "$id" ] || fail "loa say gave no id; $(cat "$root/tmp/serve.log")"
row=""
for _ in $(seq 200); do
  row=$(in_root env LOA_SERVER="$LOA_SERVER" loa log --json | grep "\"$id\"" | grep '"completed"' || true)
  [ -n "$row" ] && break
  sleep 0.1
done
[ -n "$row" ] || fail "no completed as-run row for $id; $(cat "$root/tmp/serve.log")"
echo "as-run: $row"
bytes=$(stat -c %s "$root/var/lib/loa/out.raw")
[ "$bytes" -gt 44100 ] || fail "only $bytes bytes of audio reached the device"
echo "audio written: $bytes bytes"
kill "$daemon"
wait "$daemon" || true
daemon=""
grep -q "Loa stopped" "$root/tmp/serve.log" || fail "no clean stop: $(tail -5 "$root/tmp/serve.log")"

echo "== dpkg --purge loa"
in_root dpkg --purge loa >/dev/null
for f in /usr/bin/loa /etc/loa /var/lib/loa /usr/share/loa /lib/systemd/system/loa.service \
  /etc/systemd/system/multi-user.target.wants/loa.service /usr/share/man/man1/loa.1.gz /usr/share/doc/loa; do
  [ -e "$root$f" ] && fail "$f is still there after purge"
done
left=$(in_root dpkg -S loa 2>/dev/null | grep -E '^loa[:,]' || true)
[ -z "$left" ] || fail "dpkg still lists files of loa: $left"

echo "== the station's package: apt-get install ./loa-station.deb, then purge"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/loa-station.deb
sversion=$(in_root loa-station --version)
[ "$sversion" = "$version" ] || fail "loa-station --version is '$sversion', loa's was '$version'"
for c in serve enroll token locate province; do
  in_root loa-station help "$c" >/dev/null 2>&1 || fail "loa-station has no '$c'"
done
# A config it cannot use: a clear error naming the key, not a crash.
printf '[station]\nname = "x"\n' >"$root/tmp/bad-station.toml"
out=$(in_root loa-station serve --config /tmp/bad-station.toml 2>&1) && fail "loa-station served a config with no province"
echo "$out" | grep -q province || fail "the bad config's error does not name the key: $out"
[ -s "$root/usr/share/doc/loa-station/examples/station.toml" ] || fail "the station's example config is missing"
in_root dpkg --purge loa-station >/dev/null
[ -e "$root/usr/bin/loa-station" ] && fail "/usr/bin/loa-station is still there after purge"
echo "PASS: installed on bare Debian 12, aired, purged clean; the station's package installs, refuses a bad config, purges"
