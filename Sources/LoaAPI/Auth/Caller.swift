import Foundation
import LoaCore

/// Who is making the request being handled (set by `AuthMiddleware` for the handler's task).
public struct Caller: Sendable, Equatable {
  public var name: String
  /// nil: root on the box (the local token), who may do everything.
  public var role: UserRole?

  public static let local = Caller(name: "root@box", role: nil)

  @TaskLocal public static var current: Caller?

  public func may(_ need: UserRole) -> Bool { role.map { $0 >= need } ?? true }

  /// The operator recorded for an action: a logged-in user is who they logged in as (a body
  /// cannot claim another name); root on the box may say who asked (the CLI sends `$USER`).
  public static func operatorName(_ given: String?) -> String? {
    guard let c = current, c.role != nil else { return given }
    return c.name
  }
}
