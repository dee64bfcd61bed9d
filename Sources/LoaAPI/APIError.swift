import Foundation
import Hummingbird
import LoaCore

/// An error answered as `{"error": {"code", "message"}}` with a fitting HTTP status.
public struct APIError: HTTPResponseError {
  public var status: HTTPResponse.Status
  public var code: String
  public var message: String

  public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
    self.status = status
    self.code = code
    self.message = message
  }

  /// The status follows the code's kind, never its spelling.
  init(_ e: LoaError) {
    let status: HTTPResponse.Status =
      switch e.code.kind {
      case .invalid: .unprocessableContent
      case .notFound: .notFound
      case .conflict: .conflict
      case .unavailable: .serviceUnavailable
      case .upstream: .badGateway
      }
    self.init(status, e.code.rawValue, e.message)
  }

  public func response(from request: Request, context: some RequestContext) throws -> Response {
    let data = (try? Wire.encoder().encode(Wire.ErrorBody(code: code, message: message))) ?? Data()
    return Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }
}
