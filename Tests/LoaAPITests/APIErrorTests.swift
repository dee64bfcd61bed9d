import HTTPTypes
import LoaCore
import Testing

@testable import LoaAPI

/// The HTTP status of an error follows its code's kind (one table in `LoaError.Code`), never a
/// string match in a route.
@Suite struct APIErrorTests {
  @Test(arguments: [
    (LoaError.Code.jobNotFound, HTTPResponse.Status.notFound),
    (.jobFinished, .conflict),
    (.jobNotWaiting, .conflict),
    (.storage, .serviceUnavailable),
    (.downloadFailed, .badGateway),
    (.badVolume, .unprocessableContent),
    (.nothingToSay, .unprocessableContent),
  ])
  func statusFollowsTheKind(_ code: LoaError.Code, _ status: HTTPResponse.Status) {
    let e = APIError(LoaError(code, "x"))
    #expect(e.status == status)
    #expect(e.code == code.rawValue)
  }

  @Test func everyCodeIsSnakeCaseOnTheWire() {
    for code in LoaError.Code.allCases {
      #expect(code.rawValue.allSatisfy { $0.isLowercase || $0 == "_" || $0.isNumber }, "\(code)")
    }
  }
}
