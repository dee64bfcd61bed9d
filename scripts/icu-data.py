#!/usr/bin/env python3
"""The ICU data the box needs, as an object file that replaces the toolchain's.

Foundation's static libraries carry all of ICU's data (`icudt*_dat` in `lib_FoundationICU.a`,
34 MB for ICU 76: every locale's names, collations, currencies, units, the CJK and Thai
dictionaries, 197 legacy code pages). Linked statically it is a third of the box's binary. The box
reads and writes UTF-8 and formats dates in its own zone with the POSIX and Vietnamese locales, so
this keeps, from the same package, every item that is not a locale's (property, normalisation and
time-zone data, break rules, the root collation and transliterator, supplemental data) and the
locales root, en, en_US, en_US_POSIX, en_001, vi and vi_VN in every tree; it drops the other
locales, the code-page tables (`.cnv`; the alias table stays) and the break dictionaries (`.dict`:
Chinese, Japanese, Thai, Lao, Khmer, Burmese word breaks). This is the data filtering ICU
documents for small devices (icu/docs/userguide/icu_data/buildtool.md), done on the package the
toolchain ships so that the data matches its code exactly.

The result is an object that defines `__wrap_<symbol>`; linked with `--wrap=<symbol>` (the symbol is
printed on standard output), ICU's code reads it, and `--gc-sections` drops the archive's copy,
which nothing refers to any more. A missing item is what ICU reports for a locale it was not built with: it
falls back to the parent and then to root.

usage: icu-data.py ARCHIVE OUT.o [--list]
"""

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

# Locales kept in every tree (their parents are kept with them: en_US_POSIX → en_US → en → root).
KEEP_LOCALES = {"en", "en_US", "en_US_POSIX", "en_001", "vi", "vi_VN"}
LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_([A-Z]{2}|[0-9]{3}))?(_[A-Z0-9]+)*$")


# Whole trees the box never reads: transliterators (String.applyingTransform), collations
# (localized comparison and sorting), break rules (word, line and sentence iteration,
# String.capitalized), the display names of languages, regions and units (Locale.localizedString…)
# and spelled-out numbers. The box compares and sorts bytes, formats dates by fixed patterns in the
# POSIX locale and reads time zones by identifier (zoneinfo64 and the calendar data at the top
# stay). Two trees that look like names stay because Foundation reads them: the currencies (its
# date formatter, through which GRDB stores dates, does not start without them) and the time zones
# (ISO8601DateFormatter reads a CAP alert's `+07:00` through their GMT formats; without them every
# CAP time is refused). Found by dropping one tree at a time and running `loa serve` and the test
# suite on the package's binary (docs/performance.md, "The box without the station").
DROP_TREES = {"translit", "coll", "brkitr", "lang", "region", "unit", "rbnf"}
# Character names (u_charName), the confusable-character tables (spoof checks) and the StringPrep
# profiles (LDAP, XMPP, iSCSI, NFS names).
DROP_ITEMS = {"unames.icu", "confusables.cfu", "confusablesWholeScript.cfu"}


def keep(name: str) -> bool:
    parts = name.split("/")
    if len(parts) > 2 and parts[1] in DROP_TREES:
        return False
    stem, _, ext = parts[-1].rpartition(".")
    if ext in ("cnv", "dict", "spp") or parts[-1] in DROP_ITEMS:
        return False
    if LOCALE.match(stem):
        return stem in KEEP_LOCALES
    return True  # root, pool, res_index, supplemental and property data, break rules…


def parse(blob: bytes):
    """The common-data package: a header, a table of contents (count, then name and data
    offsets from the table's start), the names, then the items, each 16-byte aligned."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27):
        sys.exit("icu-data: not an ICU data package")
    toc = header_size
    (count,) = struct.unpack_from("<I", blob, toc)
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_at, data_at) in enumerate(entries):
        name = blob[toc + name_at : blob.index(b"\0", toc + name_at)].decode()
        end = entries[i + 1][1] if i + 1 < count else len(blob) - toc
        items.append((name, blob[toc + data_at : toc + end]))
    return blob[:header_size], items


def build(header: bytes, items) -> bytes:
    """The same layout as ICU's pkgdata writes: names in table order, items 16-byte aligned."""
    count = len(items)
    names = b"".join(n.encode() + b"\0" for n, _ in items)
    table = 4 + 8 * count
    first = (table + len(names) + 15) & ~15
    offsets, at = [], first
    for _, data in items:
        offsets.append(at)
        at = (at + len(data) + 15) & ~15
    out = bytearray(header)
    out += struct.pack("<I", count)
    name_at = table
    for (name, _), data_at in zip(items, offsets):
        out += struct.pack("<II", name_at, data_at)
        name_at += len(name.encode()) + 1
    out += names
    for (_, data), data_at in zip(items, offsets):
        out += b"\0" * (len(header) + data_at - len(out))
        out += data
    return bytes(out)


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    archive, out = sys.argv[1], os.path.abspath(sys.argv[2])
    work = tempfile.mkdtemp()
    try:
        members = subprocess.run(["ar", "t", archive], check=True, capture_output=True, text=True).stdout.split()
        member = next(m for m in members if m.startswith("icu_packaged_data"))
        subprocess.run(["ar", "x", archive, member], cwd=work, check=True)
        obj = os.path.join(work, member)
        symbols = subprocess.run(["nm", obj], check=True, capture_output=True, text=True).stdout.split()
        symbol = next(s for s in symbols if re.fullmatch(r"icudt\d+_dat", s))
        subprocess.run(["objcopy", "-O", "binary", "--only-section=.rodata", obj, obj + ".dat"], check=True)
        header, items = parse(open(obj + ".dat", "rb").read())
        kept = [(n, d) for n, d in items if keep(n)]
        if "--list" in sys.argv:
            for n, d in kept:
                print(f"{len(d):9d} {n}")
        data = build(header, kept)
        # Read back: every kept item where the table says it is.
        _, check = parse(data)
        # (An item read back runs to the next one's start: its padding comes with it.)
        if len(check) != len(kept) or any(c[0] != k[0] or c[1][: len(k[1])] != k[1] for c, k in zip(check, kept)):
            sys.exit("icu-data: the package does not read back")
        dat = os.path.join(work, "data.dat")
        open(dat, "wb").write(data)
        asm = os.path.join(work, "data.S")
        wrapped = "__wrap_" + symbol
        open(asm, "w").write(
            f'\t.section .rodata.{wrapped},"a"\n\t.globl {wrapped}\n\t.type {wrapped},%object\n'
            f'\t.balign 16\n{wrapped}:\n\t.incbin "{dat}"\n\t.size {wrapped}, {len(data)}\n'
            '\t.section .note.GNU-stack,"",%progbits\n'
        )
        clang = shutil.which("clang") or "cc"
        subprocess.run([clang, "-c", asm, "-o", out], check=True)
        before = sum(len(d) for _, d in items)
        print(
            f"icu-data: {symbol}: {len(kept)} of {len(items)} items, {len(data) / 1e6:.1f} MB of {before / 1e6:.1f} MB",
            file=sys.stderr,
        )
        print(symbol)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
