import Crypto
import Foundation

/// SHA-256 of a bulletin's text as submitted (UTF-8), lowercase hex: ties an as-run row
/// to the exact words that were aired without storing them twice.
public func textSHA256(_ text: String) -> String {
  SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
}

/// Lower-case hex SHA-256 of bytes (names of copied media files).
public func dataSHA256(_ data: Data) -> String {
  SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
}
