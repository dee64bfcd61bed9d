#!/usr/bin/env bash
# Builds dist/loa_<version>_<arch>.deb for the architecture this machine runs
# (dpkg --print-architecture): the `loa` binary with the Swift runtime linked statically and
# stripped, its Depends computed by dpkg-shlibdeps from what the binary really loads, the unit,
# the config as a conffile, voices, lexicon and example schedules under /usr/share/loa, the man
# page and bash/zsh completions. Nothing here assumes x86_64. Prints the .deb's path last.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh >&2

arch=$(dpkg --print-architecture)
version=$(sed -n 's/.*static let string = "\(.*\)".*/\1/p' Sources/LoaCore/Version.swift)
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ "$commit" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no -- Sources Package.swift)" ]; then
  commit="$commit-dirty"
fi
scratch=.build-package
out=${OUT_DIR:-dist}

echo "building loa $version ($commit) for $arch" >&2
# The commit goes into a generated header (git-ignored) that only CBuildInfo includes: a define on
# the command line would rebuild every C target (BoringSSL among them) for each new commit.
header=Sources/CBuildInfo/build_commit.h
trap 'rm -f "$header"' EXIT
printf '#define LOA_GIT_COMMIT "%s"\n' "$commit" >"$header"
# A build in this scratch made while the header was absent did not record it as a dependency (it
# is included only if present): the source is touched so that CBuildInfo is compiled again.
touch Sources/CBuildInfo/build_info.c
# Linked with lld (shipped with the Swift toolchain on every architecture): the executable's own
# symbols are not exported (swiftc exports them by default, which kept them all alive through
# --gc-sections and made every relocation a symbol lookup) and relative relocations are packed
# (DT_RELR, glibc >= 2.36: Debian 12). Each function in its own section, so that the linker can
# drop the unused ones and place the others. Measured in docs/performance.md.
# ICU's data as the box needs it (scripts/icu-data.py: the locales root, en and vi, no code-page
# tables or CJK/Thai dictionaries; 6 MB of the toolchain's 34): ICU's code reads it through
# --wrap, and --gc-sections drops the full copy, which nothing refers to any more.
mkdir -p "$scratch"
icu_archive="$(dirname "$(readlink -f "$(command -v swiftc)")")/../lib/swift_static/linux/lib_FoundationICU.a"
icu=()
if [ -f "$icu_archive" ]; then
  icu_symbol=$(scripts/icu-data.py "$icu_archive" "$PWD/$scratch/icu-data.o")
  icu=(-Xlinker "--wrap=$icu_symbol" -Xlinker "$PWD/$scratch/icu-data.o")
else
  echo "no $icu_archive: ICU's data is linked as the toolchain has it" >&2
fi
build() {
  local product=$1
  shift
  swift build -c release --product "$product" --static-swift-stdlib --scratch-path "$scratch" \
    -Xswiftc -Xfrontend -Xswiftc -function-sections -Xswiftc -Xfrontend -Xswiftc -internalize-at-link \
    -Xcc -ffunction-sections \
    -Xswiftc -use-ld=lld -Xlinker --no-export-dynamic -Xlinker -z -Xlinker pack-relative-relocs "${icu[@]}" "$@" >&2
}
# Each binary is linked a last time without the unwind tables of its Swift and C code (6.6 MB of
# the box's; C++ keeps them, toml++ throws): scripts/unwind-free-link.py, from the link command
# SwiftPM wrote. docs/performance.md, "The box without the station".
# The station (loa-station, its own package), then the box's binary.
build loa-station
build loa
# (The build's triple folder, e.g. .build-package/x86_64-unknown-linux-gnu: `release` is a link to
# its release folder once the first build has made it.)
triple_dir=$(dirname "$(readlink -f "$scratch/release")")
station_bin="$scratch/loa-station.unwind-free"
scripts/unwind-free-link.py "$triple_dir" loa-station "$PWD/$station_bin"
bin="$scratch/release/loa"
# Then linked again with the functions an idle daemon runs placed first and together
# (scripts/link-order.py, found under callgrind): the code a box keeps in memory shrinks from most
# of the binary's code to a few megabytes.
order="$PWD/$scratch/loa.order"
scripts/link-order.py "$bin" "$PWD/Voices" "$order"
rm -f "$bin"
build loa -Xlinker --symbol-ordering-file="$order" -Xlinker --no-warn-symbol-ordering
bin="$scratch/loa.unwind-free"
scripts/unwind-free-link.py "$triple_dir" loa "$PWD/$bin"
rm -f "$header"

work=$(mktemp -d)
trap 'rm -rf "$work"; rm -f "$header"' EXIT
root="$work/root"

install -D -m 755 "$bin" "$root/usr/bin/loa"
strip --strip-unneeded "$root/usr/bin/loa"
install -D -m 644 deploy/loa.toml "$root/etc/loa/loa.toml"
install -D -m 644 deploy/loa.service "$root/lib/systemd/system/loa.service"
install -d "$root/usr/share/loa"
cp -r Voices "$root/usr/share/loa/Voices"
cp -r Schedules "$root/usr/share/loa/Schedules"
install -D -m 644 README.md "$root/usr/share/doc/loa/README.md"
install -D -m 644 docs/deploy.md "$root/usr/share/doc/loa/deploy.md"
install -D -m 644 deploy/asound.conf.example "$root/usr/share/doc/loa/examples/asound.conf"
install -D -m 644 deploy/mosquitto/loa.conf "$root/usr/share/doc/loa/examples/mosquitto/loa.conf"
install -D -m 644 deploy/mosquitto/loa.acl "$root/usr/share/doc/loa/examples/mosquitto/loa.acl"
install -D -m 644 deploy/mosquitto/loa-passwd.path "$root/usr/share/doc/loa/examples/mosquitto/loa-passwd.path"
install -D -m 644 deploy/mosquitto/loa-passwd.service \
  "$root/usr/share/doc/loa/examples/mosquitto/loa-passwd.service"
install -D -m 644 deploy/debian/copyright "$root/usr/share/doc/loa/copyright"
printf 'loa (%s) stable; urgency=medium\n\n  * Built from %s.\n\n -- Loa maintainers <loa@localhost>  %s\n' \
  "$version" "$commit" "$(date -R)" | gzip -9n >"$root/usr/share/doc/loa/changelog.Debian.gz"

# Completions and the man page, from the argument parser itself.
install -d "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
  "$root/usr/share/man/man1"
"$bin" --generate-completion-script bash >"$root/usr/share/bash-completion/completions/loa"
"$bin" --generate-completion-script zsh >"$root/usr/share/zsh/vendor-completions/_loa"
scripts/manpage.sh "$bin" "$version" | gzip -9n >"$root/usr/share/man/man1/loa.1.gz"

# Depends: the Debian packages of the shared libraries a binary loads.
mkdir -p "$work/src/debian"
printf 'Source: loa\n\nPackage: loa\nArchitecture: any\n' >"$work/src/debian/control"
depends() {
  local shlibs
  shlibs=$(cd "$work/src" && dpkg-shlibdeps -O "$1" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
  [ -n "$shlibs" ] || { echo "dpkg-shlibdeps found no dependencies of $1" >&2; exit 1; }
  # Packed relocations need the dynamic loader of glibc 2.36 (the binary asks for the version
  # GLIBC_ABI_DT_RELR), which Debian's symbols files do not map to a package version: raise the
  # bound so that apt refuses an older libc instead of a box that cannot start.
  if objdump -p "$1" | grep -q GLIBC_ABI_DT_RELR; then
    shlibs=$(printf '%s' "$shlibs" | sed -E 's/libc6 \(>= 2\.(3[0-5]|[12][0-9]|[0-9])(\.[0-9]+)?\)/libc6 (>= 2.36)/')
    case "$shlibs" in *"libc6 (>= 2.36)"* | *"libc6 (>= 2.3"[6-9]* | *"libc6 (>= 2."[4-9]*) ;; *)
      echo "cannot set libc6 (>= 2.36) in: $shlibs" >&2
      exit 1
      ;;
    esac
  fi
  printf '%s' "$shlibs"
}
shlibs=$(depends "$root/usr/bin/loa")

install -d "$root/DEBIAN"
install -m 755 deploy/debian/postinst deploy/debian/prerm deploy/debian/postrm "$root/DEBIAN/"
echo /etc/loa/loa.toml >"$root/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<CONTROL
Package: loa
Version: $version
Architecture: $arch
Maintainer: Loa maintainers <loa@localhost>
Installed-Size: $size
Depends: $shlibs, adduser
Recommends: espeak-ng-data
Section: sound
Priority: optional
Homepage: https://github.com/loa-radio/loa
Description: controller for Vietnam's commune loudspeaker radio (đài truyền thanh cơ sở)
 Loa airs a commune's scheduled programmes, speaks Vietnamese bulletins with
 espeak-ng, plays through ALSA, keeps the as-run (airtime) log and takes jobs
 and emergencies from the province over MQTT. The daemon (loa serve) runs
 under systemd (Type=notify, watchdog); officers drive it with the loa command.
CONTROL

mkdir -p "$out"

# The station's package (the commune office's or the province's machine): the loa-station
# program, its example config and its docs. It recommends loa, whose CLI officers use there
# (loa fleet, loa say --to); the station itself needs nothing of the box.
sroot="$work/station"
install -D -m 755 "$station_bin" "$sroot/usr/bin/loa-station"
strip --strip-unneeded "$sroot/usr/bin/loa-station"
install -D -m 644 deploy/station.toml "$sroot/usr/share/doc/loa-station/examples/station.toml"
install -D -m 644 docs/station.md "$sroot/usr/share/doc/loa-station/station.md"
install -D -m 644 docs/province.md "$sroot/usr/share/doc/loa-station/province.md"
install -D -m 644 deploy/debian/copyright "$sroot/usr/share/doc/loa-station/copyright"
printf 'loa-station (%s) stable; urgency=medium\n\n  * Built from %s.\n\n -- Loa maintainers <loa@localhost>  %s\n' \
  "$version" "$commit" "$(date -R)" | gzip -9n >"$sroot/usr/share/doc/loa-station/changelog.Debian.gz"
install -d "$sroot/usr/share/bash-completion/completions" "$sroot/usr/share/zsh/vendor-completions"
"$station_bin" --generate-completion-script bash >"$sroot/usr/share/bash-completion/completions/loa-station"
"$station_bin" --generate-completion-script zsh >"$sroot/usr/share/zsh/vendor-completions/_loa-station"
install -d "$sroot/DEBIAN"
station_shlibs=$(depends "$sroot/usr/bin/loa-station")
cat >"$sroot/DEBIAN/control" <<CONTROL
Package: loa-station
Version: $version
Architecture: $arch
Maintainer: Loa maintainers <loa@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$sroot" | cut -f1)
Depends: $station_shlibs
Recommends: loa (= $version), mosquitto
Section: net
Priority: optional
Homepage: https://github.com/loa-radio/loa
Description: commune station for Loa loudspeaker boxes (trạm truyền thanh xã)
 The station collects every box's status and as-run log over MQTT, confirms
 as-run batches, serves the fleet's API and console to officers, and links the
 area to the province's source system. Run it as loa-station serve.
CONTROL
station_deb="$out/loa-station_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$sroot" "$station_deb" >&2
ls -l "$station_deb" >&2

deb="$out/loa_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >&2
ls -l "$deb" >&2
echo "$deb"
