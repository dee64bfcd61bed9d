import Foundation
import LoaCore
import LoaPlayout
import LoaStorage
import Metrics
import Prometheus

/// `/metrics` in the Prometheus text format. Events (airings, emergencies' start, dead air,
/// device recoveries, uplink messages) are counted where they happen through swift-metrics; the
/// state (queue, disk, up-time, device, storage) is read when Prometheus scrapes. Names:
/// docs/api.md, "Metrics".
final class DaemonMetrics: Sendable {
  let registry = PrometheusCollectorRegistry()

  /// Makes the Prometheus registry the process's swift-metrics backend (once per process).
  init() {
    var factory = PrometheusMetricsFactory(registry: registry)
    // From receipt on the box to the first frame: tens of milliseconds expected, seconds wrong.
    factory.durationHistogramBuckets["loa_emergency_start_seconds"] = [
      .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
      .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]
    MetricsSystem.bootstrap(factory)
  }

  /// The scrape: the state as it is now, then everything in the registry.
  func text(engine: PlayoutEngine, store: Store, stateDir: String, startedAt: Date, version: String) -> String {
    let s = engine.status(settle: 0)
    func gauge(_ name: String, _ help: String, _ value: Double, labels: [(String, String)] = []) {
      // The whole name in `metricName` (an empty unit is left out of the name).
      registry.makeGauge(
        descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels
      ).set(value)
    }
    gauge("loa_build_info", "The running version.", 1, labels: [("version", version)])
    gauge("loa_uptime_seconds", "Seconds since the daemon started.", Date().timeIntervalSince(startedAt))
    gauge("loa_queue_jobs", "Jobs waiting to air.", Double(s.queued.count))
    gauge("loa_on_air", "1 while something is on air.", s.onAir == nil ? 0 : 1)
    gauge("loa_device_open", "1 while the sound device is open.", s.deviceOpen ? 1 : 0)
    gauge(
      "loa_asrun_spilled_rows", "As-run rows kept in the spill file (the database refused them).", Double(s.spilledRows)
    )
    gauge(
      "loa_storage_alarm", "1 while the database cannot be written.",
      ((try? store.storageAlarm()) ?? nil) == nil ? 0 : 1)
    if let free = freeBytes(at: stateDir) {
      gauge("loa_state_disk_free_bytes", "Free space where the state folder is.", Double(free))
    }
    return registry.emitToString()
  }
}
