import Foundation
import LoaCore
import Metrics

/// What the player counts for `/metrics` (swift-metrics; the daemon bootstraps the Prometheus
/// backend, tests and the CLI leave the no-op one). Names: docs/api.md, "Metrics".
enum PlayoutMetrics {
  /// Every as-run row, as it is handed to the committer.
  static func row(_ row: AsRunRecord) {
    Counter(
      label: "loa_airings_total",
      dimensions: [
        ("class", row.bulletinClass.rawValue), ("kind", row.kind.rawValue), ("outcome", row.outcome.rawValue),
      ]
    ).increment()
    if let seconds = row.durationSeconds, seconds > 0 {
      FloatingPointCounter(label: "loa_airtime_seconds_total", dimensions: [("class", row.bulletinClass.rawValue)])
        .increment(by: seconds)
    }
    if let dead = row.deadAirSeconds, dead > 0 {
      FloatingPointCounter(label: "loa_dead_air_seconds_total").increment(by: dead)
    }
  }

  /// An emergency's first frame, `seconds` after the box received it.
  static func emergencyStarted(after seconds: Double) {
    Metrics.Timer(label: "loa_emergency_start_seconds").recordNanoseconds(Int64(max(0, seconds) * 1e9))
  }

  static func deviceRecovered() { Counter(label: "loa_device_recoveries_total").increment() }
}
