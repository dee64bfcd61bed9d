/// Loa's version: `loa --version`, `loa status`, `/v1/health` and the uplink heartbeat all read
/// this one value.
public enum LoaVersion {
  public static let string = "0.1.0"
}
