import CBuildInfo

public enum LoaVersion {
  /// The release (the Debian package's version).
  public static let string = "0.1.0"
  /// The git commit the binary was built from (`scripts/package.sh` sets it), or "unknown".
  public static let commit = String(cString: loa_git_commit())
  /// What `loa --version`, `/v1/status`, the heartbeat and the up-time record show:
  /// `0.1.0+abc123def456` (SemVer build metadata), or `0.1.0` when the commit is unknown.
  public static let described = commit == "unknown" ? string : "\(string)+\(commit)"
}
