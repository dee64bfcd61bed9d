import Testing

@testable import LoaAPI

/// A media id names a stored file: only the exact form `POST /v1/media` gives is accepted, so that
/// no id can name another path.
@Suite struct MediaIDTests {
  @Test(arguments: [
    "0f0f0f0f-0000-4000-8000-00000000abcd.wav", "12345678-9abc-def0-1234-56789abcdef0.mp3",
  ])
  func acceptsTheIdsTheServerGives(_ id: String) {
    #expect(ControlAPI.isMediaID(id))
  }

  @Test(arguments: [
    "", "../../etc/passwd", "0F0F0F0F-0000-4000-8000-00000000ABCD.wav", "0f0f0f0f-0000-4000-8000-00000000abcd.ogg",
    "0f0f0f0f-0000-4000-8000-00000000abcd.wav\n", "0f0f0f0f00000-4000-8000-00000000abcd.wav",
    "0f0f0f0f-0000-4000-8000-00000000abc.wav", "0f0f0f0f-0000-4000-8000-00000000abcdd.wav",
    "0f0f0f0f-0000-4000-8000-0000000/abcd.wav", "0f0f0f0f-0000-4000-8000-00000000abcg.mp3",
    "x0f0f0f0f-0000-4000-8000-00000000abc.wav", "0f0f0f0f-0000-4000-8000-00000000abcd.wav.wav",
  ])
  func refusesAnythingElse(_ id: String) {
    #expect(!ControlAPI.isMediaID(id))
  }
}
