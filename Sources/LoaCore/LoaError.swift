/// An error with a stable machine code and a message an officer can act on.
///
/// Codes are part of the API contract (`docs/api.md`); messages are bilingual
/// where an officer reads them.
public struct LoaError: Error, Sendable, Equatable, CustomStringConvertible {
  public var code: String
  public var message: String

  public init(_ code: String, _ message: String) {
    self.code = code
    self.message = message
  }

  public var description: String { message }
}
