#!/bin/bash
# Builds the amplifier's GPIO code against libgpiod 2 on a Debian 12 machine, which has only
# libgpiod 1.6 (Debian 13 ships 2.x). libgpiod 2's C sources come from the PyPI sdist of its
# Python bindings (gpiod 2.3.0 bundles libgpiod 2.2.1), built into a private prefix; nothing is
# installed in the system.
#
# Checks: (1) LoaHardware and its C shim compile through SwiftPM against libgpiod 2 (scratch
# path .build-gpiod2) and the shim's object calls the 2.x API; (2) the shim, run against
# libgpiod 2 and then 1.6, refuses chips that are not there at the same stage.
# There is no GPIO chip here (no gpio-sim module), so a line is never actually driven.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/loa-gpiod2.XXXXXX)
trap 'rm -rf "$work"' EXIT

python3 -m pip download --quiet --no-binary :all: --no-deps gpiod==2.3.0 -d "$work" >/dev/null
tar -xzf "$work"/gpiod-2.3.0.tar.gz -C "$work"
src="$work/gpiod-2.3.0"
version=$(cat "$src/libgpiod-version.txt")
prefix="$work/prefix"
mkdir -p "$prefix/lib/pkgconfig" "$prefix/include"
cp "$src/include/gpiod.h" "$prefix/include/"
gcc -O2 -fPIC -shared -D_GNU_SOURCE -DGPIOD_VERSION_STR="\"$version\"" -I"$src/include" -I"$src/lib" \
  -Wl,-soname,libgpiod.so.3 "$src"/lib/*.c -o "$prefix/lib/libgpiod.so.3"
ln -s libgpiod.so.3 "$prefix/lib/libgpiod.so"
cat > "$prefix/lib/pkgconfig/libgpiod.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include
Name: libgpiod
Description: libgpiod $version built from the gpiod sdist
Version: $version
Libs: -L\${libdir} -lgpiod
Cflags: -I\${includedir}
PC
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
echo "libgpiod $(pkg-config --modversion libgpiod) in $prefix"

# (1) SwiftPM, as a Debian 13 build would find it.
swift build --scratch-path .build-gpiod2 --target LoaHardware 2>&1 | grep -E "error|warning:|Build of" || true
object=$(find .build-gpiod2 -path '*CGPIOLine.build/gpio_line.c.o' | head -1)
test -n "$object" || { echo "FAIL: the shim was not built"; exit 1; }
nm -u "$object" | grep -q gpiod_chip_request_lines || { echo "FAIL: the shim does not call the 2.x API"; exit 1; }
nm -u "$object" | grep -q gpiod_line_request_output && { echo "FAIL: the shim still calls the 1.x API"; exit 1; }
echo "SwiftPM build against libgpiod 2: the shim calls $(nm -u "$object" | grep -c ' gpiod_') libgpiod 2 functions"

# (2) The same refusals with both.
gcc -Wall -Wextra -Werror $(pkg-config --cflags libgpiod) -ISources/CGPIOLine/include scripts/gpio-line-check.c \
  Sources/CGPIOLine/gpio_line.c $(pkg-config --libs libgpiod) -Wl,-rpath,"$prefix/lib" -o "$work/check2"
"$work/check2" | tee "$work/out2"
grep -q "libgpiod API 2" "$work/out2" || { echo "FAIL: not built against libgpiod 2"; exit 1; }
unset PKG_CONFIG_PATH
gcc -Wall -Wextra -ISources/CGPIOLine/include scripts/gpio-line-check.c Sources/CGPIOLine/gpio_line.c -lgpiod \
  -o "$work/check1"
"$work/check1" | tee "$work/out1"
grep -q "libgpiod API 1" "$work/out1" || { echo "FAIL: not built against libgpiod 1"; exit 1; }
echo "PASS: the GPIO line shim builds and refuses missing chips alike with libgpiod $version and $(pkg-config --modversion libgpiod)"
