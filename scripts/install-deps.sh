#!/usr/bin/env bash
# Installs the Debian packages Loa needs to build, run and test. Safe to run again.
set -euo pipefail

packages=(
  pkg-config
  libespeak-ng-dev espeak-ng-data espeak-ng   # speech (library, voices; the program is a test reference)
  libasound2-dev libasound2-plugins alsa-utils # ALSA, and its pulse plugin for the real-time test rig
  libsqlite3-dev                               # storage (GRDB)
  libmpg123-dev                                # MP3 files and streams
  libmp3lame-dev                               # loa live: the microphone encoded to MP3 for Icecast
  libopus-dev libogg-dev opus-tools            # proof-of-play recordings (Ogg Opus; opusinfo in tests)
  libgpiod-dev                                 # amplifier power through a GPIO line
  libmosquitto-dev mosquitto mosquitto-clients # the MQTT uplink (library; broker and clients for tests)
  ffmpeg icecast2 curl                         # tests: MP3 fixtures, a real stream server for relays
  pulseaudio pulseaudio-utils                  # real-time test rig: null sink + parec
  sox                                          # test fixtures and level measurement
  libsystemd-dev                               # sd_notify: readiness and the watchdog under systemd
  libsodium-dev                                # Argon2id for the control API's passwords
  libpcre2-dev                                 # the normaliser's patterns (PCRE2 with its JIT)
  procps time                                  # ps/pgrep and /usr/bin/time (peak memory) for benchmarks
  mpg123                                       # benchmarks: the plain MP3 player the daemon is compared with
  libcurl4-openssl-dev libxml2-dev             # the package: Foundation linked statically (--static-swift-stdlib)
  dpkg-dev binutils debootstrap systemd        # the package: dpkg-shlibdeps, strip; its install test; systemd-analyze
  valgrind                                     # the package: callgrind finds the functions an idle daemon runs (link order)
  chromium poppler-utils fonts-dejavu-core     # tests: the printed report rendered to PDF/PNG, its pages and text read back
  libreoffice-calc-nogui                       # tests: the reports' CSV converted to .xlsx headless, Vietnamese intact
  python3                                      # bench/ scripts and the crash campaign (stdlib only)
  python3-websocket                            # tests: the station console driven in Chromium over DevTools
  postgresql                                   # tests: a province's stations sharing one PostgreSQL database
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

command -v swift >/dev/null || { echo "Swift 6 is required (swift.org/install)"; exit 1; }
