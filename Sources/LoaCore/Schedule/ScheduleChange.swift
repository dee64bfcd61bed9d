import Foundation

/// One apply, rollback or clock decision, for the record.
public struct ScheduleChange: Sendable, Equatable, Codable {
  public var id: Int64
  public var action: String
  public var versionId: Int64?
  public var operatorName: String?
  public var at: Date
  public var note: String?
  enum CodingKeys: String, CodingKey {
    case id, action, at, note
    case versionId = "version"
    case operatorName = "operator"
  }

  public init(id: Int64, action: String, versionId: Int64?, operatorName: String?, at: Date, note: String?) {
    self.id = id
    self.action = action
    self.versionId = versionId
    self.operatorName = operatorName
    self.at = at
    self.note = note
  }
}
