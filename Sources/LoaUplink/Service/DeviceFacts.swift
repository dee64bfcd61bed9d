import Foundation

/// What a box can say about its board for its heartbeat (and the province's status ping): how it
/// reaches the network, its temperature, how full its storage is. Each is nil where the board
/// does not tell.
enum DeviceFacts {
  /// The interface of the default route, by its name: `eth*`/`en*` Ethernet, `wwan*`/`ppp*`/
  /// `usb*`/`wwp*` 4G, `wl*` Wi-Fi.
  static func connection(routeTable: String = "/proc/net/route") -> String? {
    guard let text = try? String(contentsOfFile: routeTable, encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n").dropFirst() {
      let f = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
      guard f.count > 2, f[1] == "00000000" else { continue }
      return kind(ofInterface: String(f[0]))
    }
    return nil
  }

  static func kind(ofInterface name: String) -> String {
    if name.hasPrefix("eth") || name.hasPrefix("en") { return "Ethernet" }
    if ["wwan", "wwp", "ppp", "usb", "rmnet"].contains(where: name.hasPrefix) { return "4G" }
    if name.hasPrefix("wl") { return "Wi-Fi" }
    return name
  }

  /// The first thermal zone, in °C (the kernel reports millidegrees).
  static func temperatureC(zone: String = "/sys/class/thermal/thermal_zone0/temp") -> Double? {
    guard let text = try? String(contentsOfFile: zone, encoding: .utf8),
      let milli = Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
    else { return nil }
    return (milli / 100).rounded() / 10
  }

  static func usedPercent(at path: String) -> Int? {
    var vfs = statvfs()
    guard statvfs(path, &vfs) == 0, vfs.f_blocks > 0 else { return nil }
    let total = Double(vfs.f_blocks)
    return Int((100 * (total - Double(vfs.f_bfree)) / total).rounded())
  }
}
