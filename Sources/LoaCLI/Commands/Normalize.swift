import ArgumentParser
import Foundation
import LoaCore
import LoaSpeech

/// `loa normalize`: the spoken form of bulletin text, without a daemon.
struct Normalize: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "normalize",
    abstract: "Print the spoken form of a text (cách đọc văn bản). No daemon needed.",
    discussion: "Without TEXT, reads UTF-8 lines from standard input and writes one line per input line.")

  @Argument(help: "The text. Omit it to read lines from standard input.") var text: String?
  @Option(help: "north or south (nghìn/ngàn, linh/lẻ).") var dialect: String = "north"
  @Option(
    name: .customLong("voices-dir"),
    help: "Folder with lexicon-*.tsv, units-*.tsv and symbols-*.tsv (env LOA_VOICES_DIR).")
  var voicesDir: String?

  func run() async throws {
    try await runReporting {
      try checkArgumentsAreUTF8()
      guard let d = Dialect(rawValue: dialect) else { throw CLIError("--dialect must be north or south") }
      let normalizer = VietnameseNormalizer(lexicon: try loadLexicon(voicesDir))
      if let text {
        print(normalizer.normalize(text, dialect: d))
        return
      }
      // Line by line: one output line for every input line, also for empty ones.
      let input = FileHandle.standardInput.readDataToEndOfFile()
      let all = try decodeUTF8Strictly([UInt8](input), what: "standard input")
      // Split at the line feed byte: as Characters, a CR LF is one character and not "\n", and a
      // file written on Windows came out as one line. The CR of a CR LF is dropped.
      var lines = all.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
      if lines.last?.isEmpty == true { lines.removeLast() }
      // Lines read on every core, a window of them at a time (memory stays bounded by the
      // window, whatever the input's length), written in their order.
      var window: [Substring] = []
      var windowBytes = 0
      func flush() {
        let read = Parallel.map(window) { normalizer.normalize(String($0), dialect: d) }
        var out = ""
        for r in read { out += r + "\n" }
        FileHandle.standardOutput.write(Data(out.utf8))
        window.removeAll(keepingCapacity: true)
        windowBytes = 0
      }
      for bytes in lines {
        var line = Substring(bytes)
        if line.utf8.last == UInt8(ascii: "\r") { line = Substring(line.utf8.dropLast()) }
        window.append(line)
        windowBytes += line.utf8.count
        if windowBytes > 1 << 18 { flush() }
      }
      flush()
    }
  }
}

/// The lexicon from `--voices-dir`, `LOA_VOICES_DIR`, `/usr/share/loa/Voices` or `./Voices`.
func loadLexicon(_ explicit: String?) throws -> Lexicon {
  let env = ProcessInfo.processInfo.environment["LOA_VOICES_DIR"]
  let candidates = [explicit, env, "/usr/share/loa/Voices", FileManager.default.currentDirectoryPath + "/Voices"]
  for case let dir? in candidates where FileManager.default.fileExists(atPath: dir) {
    let lexicon = try Lexicon.load(directory: dir)
    guard !lexicon.entries.isEmpty else {
      throw CLIError("no pronunciation lexicon (*.tsv) in '\(dir)' (thiếu từ điển phát âm)")
    }
    guard !lexicon.units.isEmpty else {
      throw CLIError("no unit table (units-*.tsv) in '\(dir)' (thiếu bảng đơn vị đo)")
    }
    guard !lexicon.symbols.isEmpty else {
      throw CLIError("no symbol table (symbols-*.tsv) in '\(dir)' (thiếu bảng ký hiệu)")
    }
    return lexicon
  }
  // Without it `UBND` would be read letter by letter: say so rather than normalise differently.
  throw CLIError(
    "no voices folder with the pronunciation lexicon: looked in --voices-dir, LOA_VOICES_DIR, "
      + "/usr/share/loa/Voices and ./Voices (không tìm thấy từ điển phát âm)")
}
