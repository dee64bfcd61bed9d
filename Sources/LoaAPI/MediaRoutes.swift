import Foundation
import Hummingbird
import LoaAudio
import LoaCore
import LoaStorage

extension ControlAPI {
  /// `POST /v1/media`: an audio file's bytes in the body (WAV or MP3), streamed to the box's media
  /// folder, checked, and named by a media id that a job then refers to (`"media": "<id>"`). The
  /// daemon never opens a path on the officer's machine or in anyone's home: `loa play FILE` sends
  /// the file's content.
  func addMediaRoutes(_ router: Router<BasicRequestContext>) {
    let api = self
    router.post("/v1/media") { request, _ in
      let upload = try await api.receiveMedia(request)
      return try json(upload, status: .created)
    }
  }

  /// Streams the body to `upload-<uuid>.part` (refused past the media limit or the free-space
  /// floor), then — on a thread of its own — syncs it, checks that it decodes as audio and
  /// renames it to `<uuid>.wav|mp3`.
  func receiveMedia(_ request: Request) async throws -> Wire.MediaUpload {
    let limit = mediaLimits.maxBytes
    if let declared = request.headers[.contentLength].flatMap({ Int64($0) }) {
      try checkMediaSpace(declared, for: "the file")
    }
    try? FileManager.default.createDirectory(atPath: mediaDirectory, withIntermediateDirectories: true)
    let id = UUID().uuidString.lowercased()
    let part = (mediaDirectory as NSString).appendingPathComponent("upload-\(id).part")
    guard FileManager.default.createFile(atPath: part, contents: nil), let out = FileHandle(forWritingAtPath: part)
    else {
      throw APIError(.serviceUnavailable, "storage", "cannot write into \(mediaDirectory) (không ghi được)")
    }
    var size: Int64 = 0
    do {
      for try await chunk in request.body {
        size += Int64(chunk.readableBytes)
        if size > limit {
          throw APIError(
            .contentTooLarge, "file_too_large",
            "the file is larger than the limit of \(limit / 1_000_000) MB (tệp quá lớn)")
        }
        try out.write(contentsOf: chunk.readableBytesView)
      }
    } catch {
      try? out.close()
      try? FileManager.default.removeItem(atPath: part)
      if let e = error as? APIError { throw e }
      throw APIError(.badRequest, "upload_failed", "the upload was cut off: \(error)")
    }
    guard size > 0 else {
      try? out.close()
      try? FileManager.default.removeItem(atPath: part)
      throw APIError(.unprocessableContent, "empty_file", "the file is empty (tệp rỗng)")
    }
    let directory = mediaDirectory
    let bytes = size
    let result: Result<Wire.MediaUpload, APIError> = await offload("loa-upload") {
      defer { try? out.close() }
      do { try out.synchronize() } catch {
        try? FileManager.default.removeItem(atPath: part)
        return .failure(APIError(.serviceUnavailable, "storage", "cannot write the file to disk: \(error)"))
      }
      do throws(AudioError) { _ = try AudioFile.open(part, format: AudioFormat(sampleRate: 22050, channels: 1)) } catch
      {
        try? FileManager.default.removeItem(atPath: part)
        return .failure(
          APIError(
            .unprocessableContent, "bad_audio",
            "not a WAV or MP3 file the box can play: \(error.message) (không phải tệp âm thanh)"))
      }
      let name = id + (AudioFile.isWAV(part) ? ".wav" : ".mp3")
      do {
        try FileManager.default.moveItem(atPath: part, toPath: (directory as NSString).appendingPathComponent(name))
      } catch {
        try? FileManager.default.removeItem(atPath: part)
        return .failure(APIError(.serviceUnavailable, "storage", "cannot store the file: \(error)"))
      }
      return .success(Wire.MediaUpload(media: name, bytes: bytes))
    }
    return try result.get()
  }

  /// A media file of `size` bytes fits: under `[media] max_mb`, at most half the free space, and
  /// leaving `free_floor_mb` free. `what` names it in the error ("the file", "'/path'"). The one
  /// check for a file copied on the box and a file uploaded.
  func checkMediaSpace(_ size: Int64, for what: String) throws {
    if size > mediaLimits.maxBytes {
      throw APIError(
        .contentTooLarge, "file_too_large",
        "\(what) is \(size / 1_000_000) MB; the limit is \(mediaLimits.maxBytes / 1_000_000) MB (tệp quá lớn)")
    }
    try? FileManager.default.createDirectory(atPath: mediaDirectory, withIntermediateDirectories: true)
    if let free = freeBytes(at: mediaDirectory) {
      if size > free / 2 || free - size < mediaLimits.freeFloorBytes {
        throw APIError(
          .serviceUnavailable, "storage",
          "not enough free space for \(what) (\(size / 1_000_000) MB; \(free / 1_000_000) MB free, "
            + "\(mediaLimits.freeFloorBytes / 1_000_000) MB must stay free) (không đủ chỗ trống)")
      }
    }
  }

  /// A media id as `POST /v1/media` gives them: a UUID in small hexadecimal letters, then `.wav`
  /// or `.mp3` (nothing that could name another path).
  static func isMediaID(_ media: String) -> Bool {
    let b = Array(media.utf8)
    guard b.count == 40, media.hasSuffix(".wav") || media.hasSuffix(".mp3") else { return false }
    for (i, c) in b.prefix(36).enumerated() {
      if i == 8 || i == 13 || i == 18 || i == 23 {
        guard c == UInt8(ascii: "-") else { return false }
      } else {
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(c)
        else { return false }
      }
    }
    return true
  }

  /// The stored file a media id names; the id must be one `POST /v1/media` gave.
  func mediaPath(_ media: String) throws -> String {
    guard Self.isMediaID(media) else {
      throw APIError(
        .unprocessableContent, "bad_media", "'media' must be an id from POST /v1/media, got '\(media.prefix(80))'")
    }
    let path = (mediaDirectory as NSString).appendingPathComponent(media)
    guard FileManager.default.fileExists(atPath: path) else {
      throw APIError(.unprocessableContent, "media_not_found", "no uploaded file '\(media)' on this box")
    }
    return path
  }
}
