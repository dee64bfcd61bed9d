import Foundation
import LoaCore

/// A snapshot of the engine for `loa status` and `loa jobs`.
public struct EngineStatus: Sendable, Codable {
  public struct OnAir: Sendable, Codable {
    public var job: Job
    public var segment: String
    public var repetition: Int
    public var startedAt: Date?
  }
  public var onAir: OnAir?
  public var queued: [Job]
  public var device: String
  public var deviceOpen: Bool
  public var lastError: String?
  public var underruns: Int
  public var airingsCompleted: Int
  public var airingsFailed: Int
}
