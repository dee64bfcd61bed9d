import Foundation
import LoaCore
import LoaProtocol

extension StationWire {
  /// `POST /v1/boxes`: enrol a box before it is installed.
  public struct EnrolRequest: Codable, Sendable {
    public var hamlet: String
    public var name: String?
    /// Default: `HAMLET-NN`, the next free number.
    public var box: String?
    public init(hamlet: String, name: String?, box: String?) {
      self.hamlet = hamlet
      self.name = name
      self.box = box
    }
  }

  public struct Enrolment: Codable, Sendable {
    public var box: String
    public var hamlet: String
    public var name: String?
    /// Typed on the box: `loa enroll CODE --station URL` (once, until `expires_at`).
    public var code: String
    public var expiresAt: Date
    /// The box's config file (`/etc/loa/loa.toml`), the same the code fetches.
    public var config: String
    /// Files that go beside the config, by name (`broker-ca.crt`: the broker's CA, PEM).
    public var files: [String: String]
    enum CodingKeys: String, CodingKey {
      case box, hamlet, name, code, config, files
      case expiresAt = "expires_at"
    }
    public init(
      box: String, hamlet: String, name: String? = nil, code: String, expiresAt: Date, config: String,
      files: [String: String]
    ) {
      self.box = box
      self.hamlet = hamlet
      self.name = name
      self.code = code
      self.expiresAt = expiresAt
      self.config = config
      self.files = files
    }
  }

  /// `GET /v1/enroll/CODE`: what `loa enroll` writes on the box.
  public struct EnrolledConfig: Codable, Sendable {
    public var config: String
    public var files: [String: String]
    public init(config: String, files: [String: String]) {
      self.config = config
      self.files = files
    }
  }
}
