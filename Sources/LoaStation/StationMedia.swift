import Crypto
import Foundation
import Hummingbird
import LoaCore
import LoaStationWire

/// Audio files the officer sends through the station (`loa play --to xa FILE`), kept under
/// `state_dir/media/` by content (`<sha256>.wav|mp3`) and served at `/media/…` without a token:
/// a box downloads it like any media URL, and checks it against the SHA-256 in the signed job.
struct StationMedia: Sendable {
  let directory: String
  let publicURL: String?
  static let maxBytes: Int64 = 200_000_000

  func add(to router: Router<BasicRequestContext>) {
    let media = self
    router.post("/v1/media") { request, _ in
      do { return try reply(try await media.receive(request), status: .created) } catch let e as LoaError {
        return try errorReply(e)
      }
    }
    router.get("/media/:name") { _, context in
      let name = context.parameters.get("name") ?? ""
      let ok =
        name.count == 68 && (name.hasSuffix(".wav") || name.hasSuffix(".mp3"))
        && name.prefix(64).allSatisfy { $0.isHexDigit && !$0.isUppercase }
      guard ok,
        let data = FileManager.default.contents(atPath: (media.directory as NSString).appendingPathComponent(name))
      else { return try errorReply(LoaError(.unknownMedia, "no such file at this station")) }
      return Response(
        status: .ok, headers: [.contentType: name.hasSuffix(".wav") ? "audio/wav" : "audio/mpeg"],
        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
  }

  func receive(_ request: Request) async throws(LoaError) -> StationWire.MediaStored {
    guard let base = publicURL else {
      throw LoaError(
        .config,
        "the station does not know the address boxes reach it at: set [station] public_url (địa chỉ trạm cho cụm loa)")
    }
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let part = (directory as NSString).appendingPathComponent("upload-\(UUID().uuidString.lowercased()).part")
    guard FileManager.default.createFile(atPath: part, contents: nil), let out = FileHandle(forWritingAtPath: part)
    else {
      throw LoaError(.storage, "cannot write into \(directory)")
    }
    defer { try? FileManager.default.removeItem(atPath: part) }
    var hasher = SHA256()
    var size: Int64 = 0
    var head = Data()
    do {
      for try await chunk in request.body {
        size += Int64(chunk.readableBytes)
        guard size <= Self.maxBytes else {
          throw LoaError(.tooLarge, "the file is larger than \(Self.maxBytes / 1_000_000) MB (tệp quá lớn)")
        }
        let bytes = Data(chunk.readableBytesView)
        if head.count < 12 { head.append(bytes.prefix(12 - head.count)) }
        hasher.update(data: bytes)
        try out.write(contentsOf: bytes)
      }
      try out.synchronize()
      try out.close()
    } catch let e as LoaError {
      try? out.close()
      throw e
    } catch {
      try? out.close()
      throw LoaError(.storage, "the upload was cut off: \(error)")
    }
    let h = [UInt8](head)
    let ext: String
    if h.count >= 12 && h[0...3] == [0x52, 0x49, 0x46, 0x46] && h[8...11] == [0x57, 0x41, 0x56, 0x45] {
      ext = "wav"
    } else if h.count >= 3 && (h[0...2] == [0x49, 0x44, 0x33] || (h[0] == 0xFF && h[1] & 0xE0 == 0xE0)) {
      ext = "mp3"
    } else {
      throw LoaError(.badAudio, "the file is neither WAV nor MP3 (tệp không phải WAV hay MP3)")
    }
    let sha = hasher.finalize().map { String(format: "%02x", $0) }.joined()
    let name = "\(sha).\(ext)"
    let dest = (directory as NSString).appendingPathComponent(name)
    if !FileManager.default.fileExists(atPath: dest) {
      guard rename(part, dest) == 0 else { throw LoaError(.storage, "cannot keep the file in \(directory)") }
    }
    return StationWire.MediaStored(sha256: sha, bytes: size, url: base + "/media/" + name)
  }
}
