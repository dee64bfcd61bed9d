import Foundation
import Testing

@testable import LoaDaemon

/// Which mappings `CodePages` gives back: only read-only file mappings that hold no page of the
/// process's own.
@Suite struct CodePagesTests {
  /// A `/proc/<pid>/smaps` excerpt as Linux 6 writes it (fields trimmed to the ones that matter).
  let smaps = """
    5580a0000000-5580a0400000 r--p 00000000 fd:01 1311 /usr/bin/loa
    Size:               4096 kB
    Rss:                1900 kB
    Anonymous:             0 kB
    Swap:                  0 kB
    Locked:                0 kB
    5580a0400000-5580a2400000 r-xp 00400000 fd:01 1311 /usr/bin/loa
    Size:              32768 kB
    Rss:                9100 kB
    Anonymous:             0 kB
    5580a2400000-5580a2600000 r--p 02400000 fd:01 1311 /usr/bin/loa
    Size:               2048 kB
    Rss:                1400 kB
    Anonymous:           800 kB
    5580a2600000-5580a2a00000 rw-p 02600000 fd:01 1311 /usr/bin/loa
    Size:               4096 kB
    Rss:                4000 kB
    Anonymous:          3900 kB
    5580a3000000-5580a3400000 rw-p 00000000 00:00 0 [heap]
    Rss:                2000 kB
    Anonymous:          2000 kB
    7f0000000000-7f0000100000 r-xp 00000000 fd:01 77 /usr/lib/x86_64-linux-gnu/libsqlite3.so.0.8.6
    Rss:                 900 kB
    Anonymous:             0 kB
    7f0000200000-7f0000210000 r-xp 00000000 fd:01 78 /usr/lib/x86_64-linux-gnu/libgone.so (deleted)
    Rss:                  64 kB
    Anonymous:             0 kB
    7f0000300000-7f0000310000 r--p 00000000 fd:01 79 /usr/lib/locale/C.utf8/LC_CTYPE
    Rss:                   0 kB
    Anonymous:             0 kB
    7f0000400000-7f0000401000 r-xp 00000000 00:00 0 [vdso]
    Rss:                   4 kB
    Anonymous:             0 kB
    7f0000500000-7f0000510000 r--s 00000000 fd:01 80 /var/lib/loa/shared.map
    Rss:                  64 kB
    Anonymous:             0 kB
    7f0000600000-7f0000610000 r-xp 00000000 fd:01 81 /usr/lib/locked.so
    Rss:                  64 kB
    Anonymous:             0 kB
    Locked:               64 kB
    """

  @Test func onlyReadOnlyFileMappingsWithoutPagesOfTheirOwnAreDropped() {
    let regions = CodePages.droppable(smaps: smaps)
    #expect(
      regions == [
        .init(start: 0x5580_a000_0000, end: 0x5580_a040_0000, residentKB: 1900),
        .init(start: 0x5580_a040_0000, end: 0x5580_a240_0000, residentKB: 9100),
        .init(start: 0x7f00_0000_0000, end: 0x7f00_0010_0000, residentKB: 900),
      ])
    // Not: relocated read-only data (RELRO), the writable segment, the heap, a deleted file, a
    // mapping with nothing resident, the vDSO, a shared mapping, locked pages.
  }

  /// /proc files say their size is 0; the table must be read to its end.
  @Test func thisProcessTableIsReadWhole() throws {
    let table = try #require(CodePages.readProcFile("/proc/self/smaps"))
    let mappings = table.split(separator: "\n").filter { $0.contains(" r-xp ") }.count
    #expect(mappings > 5, "\(mappings) executable mappings")
    #expect(CodePages.droppable(smaps: table).count > 5)
  }

  @Test func aTableWithoutMappingsGivesNothing() {
    #expect(CodePages.droppable(smaps: "").isEmpty)
    #expect(CodePages.droppable(smaps: "Rss: 100 kB\nnot a table\n").isEmpty)
  }

}
