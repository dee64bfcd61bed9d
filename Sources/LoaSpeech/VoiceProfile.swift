import Foundation
import LoaCore
import LoaTOML
import TOMLKit

/// How a voice sounds: which espeak-ng voice, and its rate, pitch, range and volume.
/// Read from `Voices/*.toml`; built-in defaults are used when no file is found.
public struct VoiceProfile: Sendable, Equatable, Codable {
  /// The name jobs use (`vi`, `vi-vn-x-central`, `vi-vn-x-south`).
  public var name: String
  /// Other names accepted for this profile (`north`, `bac`, …).
  public var aliases: [String]
  public var description: String
  /// espeak-ng voice name.
  public var espeakVoice: String
  /// Words per minute (espeak-ng 80…450).
  public var rate: Int
  /// Base pitch 0…100.
  public var pitch: Int
  /// Pitch range 0…100.
  public var range: Int
  /// Volume 0…200 (100 = espeak-ng default).
  public var volume: Int
  /// Dialect for the text normaliser.
  public var dialect: Dialect

  public init(
    name: String, aliases: [String] = [], description: String = "", espeakVoice: String,
    rate: Int = 150, pitch: Int = 50, range: Int = 50, volume: Int = 100, dialect: Dialect = .north
  ) {
    self.name = name
    self.aliases = aliases
    self.description = description
    self.espeakVoice = espeakVoice
    self.rate = rate
    self.pitch = pitch
    self.range = range
    self.volume = volume
    self.dialect = dialect
  }

  public static let builtIn: [VoiceProfile] = [
    VoiceProfile(
      name: "vi", aliases: ["north", "bac"], description: "Giọng miền Bắc", espeakVoice: "vi",
      rate: 145, pitch: 48, range: 45, volume: 100, dialect: .north),
    VoiceProfile(
      name: "vi-vn-x-central", aliases: ["central", "trung"], description: "Giọng miền Trung",
      espeakVoice: "vi-vn-x-central", rate: 140, pitch: 46, range: 45, volume: 100, dialect: .north),
    VoiceProfile(
      name: "vi-vn-x-south", aliases: ["south", "nam"], description: "Giọng miền Nam",
      espeakVoice: "vi-vn-x-south", rate: 145, pitch: 50, range: 50, volume: 100, dialect: .south),
  ]
}

/// Number words differ between North and South (nghìn/ngàn, linh/lẻ).
public enum Dialect: String, Sendable, Codable, CaseIterable {
  case north, south
}

/// The voice profiles a daemon knows, looked up by name or alias.
public struct VoiceCatalog: Sendable {
  public private(set) var profiles: [VoiceProfile]

  public init(profiles: [VoiceProfile]) { self.profiles = profiles }

  public static let builtIn = VoiceCatalog(profiles: VoiceProfile.builtIn)

  public func profile(named name: String) -> VoiceProfile? {
    let key = name.lowercased()
    return profiles.first { $0.name.lowercased() == key || $0.aliases.contains { $0.lowercased() == key } }
  }

  /// Every name and alias.
  public var allNames: Set<String> {
    Set(profiles.flatMap { [$0.name] + $0.aliases })
  }

  /// Loads every `*.toml` file in `directory`; files override built-in profiles of the same name.
  public static func load(directory: String) throws(LoaError) -> VoiceCatalog {
    var catalog = VoiceCatalog.builtIn
    let files: [String]
    do {
      files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".toml") }
        .sorted()
    } catch {
      throw LoaError(.voicesDir, "cannot read the voices folder '\(directory)': \(error.localizedDescription)")
    }
    for file in files {
      let path = (directory as NSString).appendingPathComponent(file)
      let profile = try parse(fileAt: path)
      catalog.profiles.removeAll { $0.name == profile.name }
      catalog.profiles.append(profile)
    }
    return catalog
  }

  public static func parse(fileAt path: String) throws(LoaError) -> VoiceProfile {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LoaError(.voiceFile, "cannot read voice profile '\(path)'")
    }
    let text = try decodeUTF8Strictly([UInt8](data), what: "voice profile '\(path)'")
    return try parse(toml: text, origin: path)
  }

  public static func parse(toml text: String, origin: String) throws(LoaError) -> VoiceProfile {
    let table: TOMLTable
    do { table = try TOMLText.parse(text) } catch {
      throw LoaError(.voiceFile, "\(origin):\(error.line):\(error.column): \(error.description)")
    }
    func str(_ k: String) throws(LoaError) -> String? {
      guard let v = table[k] else { return nil }
      guard let s = v.string else { throw LoaError(.voiceFile, "\(origin): '\(k)' must be a string") }
      return s
    }
    func int(_ k: String, _ range: ClosedRange<Int>) throws(LoaError) -> Int? {
      guard let v = table[k] else { return nil }
      guard let i = v.int, range.contains(i) else {
        throw LoaError(
          .voiceFile, "\(origin): '\(k)' must be a whole number in \(range.lowerBound)…\(range.upperBound)")
      }
      return i
    }
    guard let name = try str("name"), !name.isEmpty else {
      throw LoaError(.voiceFile, "\(origin): 'name' is missing")
    }
    guard let espeak = try str("espeak_voice"), !espeak.isEmpty else {
      throw LoaError(.voiceFile, "\(origin): 'espeak_voice' is missing")
    }
    var aliases: [String] = []
    if let a = table["aliases"] {
      guard let arr = a.array else { throw LoaError(.voiceFile, "\(origin): 'aliases' must be a list of strings") }
      for item in arr {
        guard let s = item.string else {
          throw LoaError(.voiceFile, "\(origin): 'aliases' must be a list of strings")
        }
        aliases.append(s)
      }
    }
    var dialect = Dialect.north
    if let d = try str("dialect") {
      guard let dd = Dialect(rawValue: d) else {
        throw LoaError(.voiceFile, "\(origin): 'dialect' must be north or south, not '\(d)'")
      }
      dialect = dd
    }
    let known = Set(["name", "aliases", "description", "espeak_voice", "rate", "pitch", "range", "volume", "dialect"])
    if let unknown = table.keys.first(where: { !known.contains($0) }) {
      throw LoaError(.voiceFile, "\(origin): unknown key '\(unknown)'")
    }
    return VoiceProfile(
      name: name, aliases: aliases, description: try str("description") ?? "", espeakVoice: espeak,
      rate: try int("rate", 80...450) ?? 150, pitch: try int("pitch", 0...100) ?? 50,
      range: try int("range", 0...100) ?? 50, volume: try int("volume", 0...200) ?? 100,
      dialect: dialect)
  }
}
