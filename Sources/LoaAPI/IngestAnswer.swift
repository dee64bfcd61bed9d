import Foundation

/// What a signed envelope posted to `/v1/uplink` came to: the ack to send back and its kind, which
/// chooses the HTTP status.
public struct IngestAnswer: Sendable {
  public enum Kind: Sendable, Equatable {
    /// Stored (accepted, or waiting for the officer): 201.
    case stored
    /// Already known (a duplicate) or a cancel that was done: 200.
    case known
    /// Not trusted: unknown key, bad signature, a role that may not do this: 403.
    case forbidden
    /// Over the size limit: 413.
    case tooLarge
    /// Any other refusal: 422.
    case refused
  }

  public var ack: Data
  public var kind: Kind

  public init(ack: Data, kind: Kind) {
    self.ack = ack
    self.kind = kind
  }
}
