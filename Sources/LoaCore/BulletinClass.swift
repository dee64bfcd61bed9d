/// The three classes of bulletin of Thông tư 39/2020/TT-BTTTT, in increasing priority.
///
/// The playout engine uses them as its priority ladder:
/// `emergency` pre-empts whatever plays, `priority` goes ahead of every waiting
/// `normal` job but lets the current item finish.
public enum BulletinClass: String, Codable, Sendable, CaseIterable, Comparable {
  /// *bản tin thông thường*: the commune decides whether and when to air it.
  case normal
  /// *bản tin ưu tiên*: aired first in the programme.
  case priority
  /// *bản tin khẩn cấp*: aired immediately (disaster, fire, epidemic).
  case emergency

  /// Higher airs first.
  public var rank: Int {
    switch self {
    case .normal: 0
    case .priority: 1
    case .emergency: 2
    }
  }

  /// The Vietnamese name an officer reads.
  public var vietnameseName: String {
    switch self {
    case .normal: "thông thường"
    case .priority: "ưu tiên"
    case .emergency: "khẩn cấp"
    }
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
