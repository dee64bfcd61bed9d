import Foundation

/// *Lĩnh vực*: the six fields the provincial source systems classify every bulletin by.
public enum BulletinField: Int, Codable, Sendable, CaseIterable {
  case general = 1
  case sudden = 2
  case policy = 3
  case localDirection = 4
  case knowledge = 5
  case goodExamples = 6

  /// As the province's systems name it.
  public var vietnameseName: String {
    switch self {
    case .general: "Thông tin chung"
    case .sudden: "Thông tin đột xuất"
    case .policy: "Đường lối, chủ trương của Đảng, chính sách, pháp luật của Nhà nước"
    case .localDirection: "Chỉ đạo, điều hành của cấp ủy, chính quyền cơ sở"
    case .knowledge: "Kiến thức khoa học, kỹ thuật, kinh tế, văn hóa, xã hội"
    case .goodExamples: "Gương người tốt, việc tốt, điển hình tiên tiến"
    }
  }

  /// A short English word for flags and JSON readers.
  public var slug: String {
    switch self {
    case .general: "general"
    case .sudden: "sudden"
    case .policy: "policy"
    case .localDirection: "local-direction"
    case .knowledge: "knowledge"
    case .goodExamples: "good-examples"
    }
  }

  /// `3` or `policy`.
  public init?(argument: String) {
    let s = argument.trimmingCharacters(in: .whitespaces).lowercased()
    if let n = Int(s), let f = BulletinField(rawValue: n) {
      self = f
    } else if let f = Self.allCases.first(where: { $0.slug == s }) {
      self = f
    } else {
      return nil
    }
  }

  public static var listing: String {
    allCases.map { "\($0.rawValue) = \($0.vietnameseName)" }.joined(separator: "; ")
  }
}

/// Where an airing's content came from, as the periodic reports split hours: the commune's own
/// (*tự sản xuất*) against relays of the upper-level stations (*tiếp âm*) and what the province
/// sent.
public enum BulletinOrigin: String, Codable, Sendable, CaseIterable {
  /// Made by the commune station.
  case own
  /// Relayed from the national station (Đài Tiếng nói Việt Nam).
  case relayNational = "relay-national"
  /// Relayed from the provincial radio and television station.
  case relayProvince = "relay-province"
  /// Relayed from the district (or regional) station.
  case relayDistrict = "relay-district"
  /// A relay whose station was not named.
  case relayOther = "relay-other"
  /// Sent by the province's source system (hệ thống thông tin nguồn).
  case provinceSystem = "province-system"
  /// A bulletin an upper level (province, district) wrote and sent, aired by the commune.
  case provinceBulletin = "province-bulletin"

  public var vietnameseName: String {
    switch self {
    case .own: "Tự sản xuất"
    case .relayNational: "Tiếp âm Đài Tiếng nói Việt Nam"
    case .relayProvince: "Tiếp âm Đài tỉnh"
    case .relayDistrict: "Tiếp âm Đài huyện/khu vực"
    case .relayOther: "Tiếp sóng khác"
    case .provinceSystem: "Hệ thống thông tin nguồn của tỉnh"
    case .provinceBulletin: "Bản tin cấp trên gửi"
    }
  }

  public var isRelay: Bool { [.relayNational, .relayProvince, .relayDistrict, .relayOther].contains(self) }

  public static var listing: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// What a bulletin is about and where it came from: what the reports count and the province's
/// systems carry. A nil value is "không rõ" (not known), never guessed.
public struct BulletinInfo: Codable, Sendable, Equatable, Hashable {
  public var field: BulletinField?
  /// A language code (BCP 47 primary subtag / ISO 639): `vi`, `hmn`, `tay`, `km`.
  public var language: String?
  public var origin: BulletinOrigin?
  public var author: String?
  public var newsSource: String?

  enum CodingKeys: String, CodingKey {
    case field, language, origin, author
    case newsSource = "news_source"
  }

  public init(
    field: BulletinField? = nil, language: String? = nil, origin: BulletinOrigin? = nil, author: String? = nil,
    newsSource: String? = nil
  ) {
    self.field = field
    self.language = language
    self.origin = origin
    self.author = author
    self.newsSource = newsSource
  }

  public static let unknown = BulletinInfo()

  /// These values, with the blanks taken from `defaults`.
  public func filling(from defaults: BulletinInfo) -> BulletinInfo {
    BulletinInfo(
      field: field ?? defaults.field, language: language ?? defaults.language, origin: origin ?? defaults.origin,
      author: author ?? defaults.author, newsSource: newsSource ?? defaults.newsSource)
  }

  public static let maxTextCharacters = 200

  /// Checks what a caller sent (a field number, a language code, an origin name, author and
  /// news source) against the commune's language list. Errors name the value and the choices.
  public static func checked(
    field: Int?, language: String?, origin: String?, author: String?, newsSource: String?, languages: [String]
  ) throws(LoaError) -> BulletinInfo {
    var info = BulletinInfo()
    if let field {
      guard let f = BulletinField(rawValue: field) else {
        throw LoaError(
          .unknownField, "unknown field \(field): use 1 to 6 (lĩnh vực không hợp lệ: \(BulletinField.listing))")
      }
      info.field = f
    }
    if let language {
      info.language = try Languages.check(language, allowed: languages)
    }
    if let origin {
      guard let o = BulletinOrigin(rawValue: origin.lowercased()) else {
        throw LoaError(
          .unknownOrigin, "unknown origin '\(origin)': use \(BulletinOrigin.listing) (nguồn gốc không hợp lệ)")
      }
      info.origin = o
    }
    info.author = try Self.text(author, name: "author", vietnamese: "tác giả")
    info.newsSource = try Self.text(newsSource, name: "news_source", vietnamese: "nguồn tin")
    return info
  }

  /// Like `checked`, one value at a time: what is wrong is left unknown and reported, the rest
  /// kept. For emergencies, which are never refused over how they are labelled.
  public static func checkedLeniently(
    field: Int?, language: String?, origin: String?, author: String?, newsSource: String?, languages: [String]
  ) -> (BulletinInfo, [LoaError]) {
    var info = BulletinInfo()
    var problems: [LoaError] = []
    func take<T>(_ f: () throws(LoaError) -> T?) -> T? {
      do { return try f() } catch {
        problems.append(error)
        return nil
      }
    }
    info.field = take { () throws(LoaError) in
      try checked(field: field, language: nil, origin: nil, author: nil, newsSource: nil, languages: languages).field
    }
    info.language = take { () throws(LoaError) in
      guard let language else { return nil }
      return try Languages.check(language, allowed: languages)
    }
    info.origin = take { () throws(LoaError) in
      try checked(field: nil, language: nil, origin: origin, author: nil, newsSource: nil, languages: languages).origin
    }
    info.author = take { () throws(LoaError) in try text(author, name: "author", vietnamese: "tác giả") }
    info.newsSource = take { () throws(LoaError) in try text(newsSource, name: "news_source", vietnamese: "nguồn tin") }
    return (info, problems)
  }

  static func text(_ s: String?, name: String, vietnamese: String) throws(LoaError) -> String? {
    guard let t = s?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
    guard t.count <= maxTextCharacters, !t.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
    else {
      throw LoaError(
        .badMetadata,
        "'\(name)' must be one line of at most \(maxTextCharacters) characters (\(vietnamese) quá dài hoặc nhiều dòng)")
    }
    return t
  }
}

/// Language codes and the names an officer reads.
public enum Languages {
  /// Names of the languages a commune station is likely to air (ISO 639 codes).
  public static let names: [String: String] = [
    "vi": "Tiếng Việt", "hmn": "Tiếng Mông", "tay": "Tiếng Tày", "nut": "Tiếng Nùng", "km": "Tiếng Khmer",
    "khm": "Tiếng Khmer", "tdd": "Tiếng Thái", "blt": "Tiếng Thái Đen", "mtq": "Tiếng Mường", "ium": "Tiếng Dao",
    "rad": "Tiếng Ê Đê", "jra": "Tiếng Gia Rai", "bdq": "Tiếng Ba Na", "cjm": "Tiếng Chăm", "sed": "Tiếng Xơ Đăng",
    "kpm": "Tiếng Cơ Ho", "hre": "Tiếng Hrê", "mnc": "Tiếng Mnông", "zh": "Tiếng Hoa", "en": "Tiếng Anh",
  ]

  public static func name(_ code: String?) -> String {
    guard let code else { return "Không rõ" }
    return names[code] ?? code
  }

  /// `vi-VN` → `vi`. Nil when it is not a language tag.
  public static func primary(_ tag: String) -> String? {
    let p =
      tag.trimmingCharacters(in: .whitespaces).lowercased().split(separator: "-", maxSplits: 1).first
      .map(String.init) ?? ""
    guard (2...3).contains(p.count), p.allSatisfy({ $0 >= "a" && $0 <= "z" }) else { return nil }
    return p
  }

  /// The tag's primary language, which must be one the commune airs.
  public static func check(_ tag: String, allowed: [String]) throws(LoaError) -> String {
    let list = allowed.map { "\($0) (\(name($0)))" }.joined(separator: ", ")
    guard let p = primary(tag), allowed.contains(p) else {
      throw LoaError(
        .unknownLanguage,
        "language '\(tag)' is not one this station airs: \(list) (ngôn ngữ không có trong danh sách; "
          + "thêm vào [content] languages trong loa.toml)")
    }
    return p
  }
}
