import Foundation

/// The file under a recording (`OggOpusFile`, `MP3FrameRecorder`): created or truncated for
/// writing, and written whole or not at all (an interrupted write is retried; an error or a full
/// disk gives the reason).
enum RecordingFile {
  static func create(_ path: String) throws(AudioError) -> Int32 {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw AudioError(.io, "cannot create recording '\(path)': \(String(cString: strerror(errno)))")
    }
    return fd
  }

  /// Writes all `count` bytes; nil when they are written, else why not.
  static func write(_ fd: Int32, _ bytes: UnsafeRawPointer, count: Int, path: String) -> String? {
    var done = 0
    while done < count {
      let n = Foundation.write(fd, bytes + done, count - done)
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return "cannot write '\(path)': \(String(cString: strerror(n < 0 ? errno : ENOSPC)))" }
      done += n
    }
    return nil
  }
}
