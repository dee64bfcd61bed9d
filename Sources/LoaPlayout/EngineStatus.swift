import Foundation
import LoaCore
import LoaLadder

/// A snapshot of the engine for `loa status` and `loa jobs`.
public struct EngineStatus: Sendable, Codable {
  public struct OnAir: Sendable, Codable {
    public var job: Job
    public var segment: String
    public var repetition: Int
    public var startedAt: Date?
  }
  public var onAir: OnAir?
  /// Set while paused (a remote "tạm dừng"): only emergencies air.
  public var paused: Ladder.Pause?
  public var queued: [Job]
  public var device: String
  public var deviceOpen: Bool
  public var lastError: String?
  public var underruns: Int
  public var airingsCompleted: Int
  public var airingsFailed: Int
  /// Times an airing lost the device and opened it again.
  public var deviceRecoveries: Int
  /// Level of the last block written to the device (while something is on air).
  public var levelDBFS: Double?
  public var deadAirEvents: Int
  public var lastDeadAir: DeadAir?
  public var deadAirThresholdDBFS: Double
  public var deadAirLimitSeconds: Double
  public var volume: Volume?
  public var amplifier: AmplifierPower.Status?
  public var recordings: Recordings?
  /// As-run rows kept in the spill file because the database could not take them.
  public var spilledRows = 0

  public struct DeadAir: Sendable, Codable, Equatable {
    public var at: Date
    public var jobId: String
    public var title: String
  }
  public struct Volume: Sendable, Codable, Equatable {
    public var level: Int
    public var mode: String
    public var emergencyMinimum: Int?
    public var lastError: String?
  }
  public struct Recordings: Sendable, Codable, Equatable {
    public var enabled: Bool
    public var keepDays: Int
    public var budgetBytes: Int64
  }
}
