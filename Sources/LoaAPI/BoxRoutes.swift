import Foundation
import Hummingbird
import LoaCore
import LoaPlayout

/// Volume and off-air recordings: `/v1/volume`, `/v1/asrun/:id/audio`.
extension ControlAPI {
  func addBoxRoutes(_ router: Router<BasicRequestContext>) {
    let api = self
    router.get("/v1/volume") { _, _ in
      guard let v = api.engine.volume else {
        throw APIError(.notFound, "no_volume", "this Loa has no volume control")
      }
      return try json(Wire.VolumeView(level: v.current, mode: v.modeDescription, emergencyMinimum: v.emergencyMinimum))
    }
    router.put("/v1/volume") { request, _ in
      guard let v = api.engine.volume else {
        throw APIError(.notFound, "no_volume", "this Loa has no volume control")
      }
      let body = try await api.decode(Wire.VolumeBody.self, from: request)
      do { try v.set(body.level) } catch let e as LoaError {
        throw APIError(e)
      }
      return try json(Wire.VolumeView(level: v.current, mode: v.modeDescription, emergencyMinimum: v.emergencyMinimum))
    }
    router.get("/v1/asrun/:id/audio") { _, context in
      let raw = try context.parameters.require("id")
      guard let id = Int64(raw), id > 0 else {
        throw APIError(.badRequest, "bad_id", "as-run id must be a positive whole number, got '\(raw)'")
      }
      guard let row = try api.run({ () throws(LoaError) in try api.store.asRun(id: id) }) else {
        throw APIError(.notFound, "asrun_not_found", "no as-run row \(id) (không có dòng nhật ký \(id))")
      }
      guard let rel = row.recording else {
        throw APIError(
          .notFound, "no_recording",
          "as-run row \(id) has no recording (nothing reached the device, or recordings are off)")
      }
      guard let path = api.engine.recordings?.file(for: rel), let data = FileManager.default.contents(atPath: path)
      else {
        throw APIError(
          .gone, "recording_deleted",
          "the recording of row \(id) is no longer kept (retention or disk budget) (bản ghi đã bị xoá theo thời hạn lưu)"
        )
      }
      // An MP3 file's airing is kept as its own frames (`MP3FrameRecorder`), anything else as Ogg Opus.
      let mp3 = rel.hasSuffix(".mp3")
      return Response(
        status: .ok,
        headers: [
          .contentType: mp3 ? "audio/mpeg" : "audio/ogg",
          .contentDisposition: "attachment; filename=\"loa-asrun-\(id).\(mp3 ? "mp3" : "opus")\"",
        ],
        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
  }

  func boxView(_ s: EngineStatus) -> Wire.BoxView {
    Wire.BoxView(
      volume: s.volume?.level, volumeMode: s.volume?.mode, emergencyMinimumVolume: s.volume?.emergencyMinimum,
      volumeError: s.volume?.lastError, amplifier: s.amplifier?.configured, amplifierOn: s.amplifier?.on ?? false,
      amplifierWarmUpSeconds: s.amplifier?.configured == nil ? nil : s.amplifier?.warmUpSeconds,
      amplifierError: s.amplifier?.lastError, levelDBFS: s.levelDBFS, deadAirThresholdDBFS: s.deadAirThresholdDBFS,
      deadAirLimitSeconds: s.deadAirLimitSeconds, deadAirEvents: s.deadAirEvents, lastDeadAirAt: s.lastDeadAir?.at,
      lastDeadAirTitle: s.lastDeadAir?.title, deviceRecoveries: s.deviceRecoveries,
      recordings: s.recordings?.enabled ?? false, recordingsKeepDays: s.recordings?.keepDays,
      recordingsBytes: engine.recordings?.usedBytes())
  }
}
