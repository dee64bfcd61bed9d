import Foundation
import Hummingbird
import LoaCore
import LoaScheduling

extension ControlAPI {
  /// `/v1/schedule/...` and `/v1/inbox/...`.
  func addScheduleRoutes(_ router: Router<BasicRequestContext>) {
    let api = self
    router.get("/v1/schedule") { _, _ in try json(try api.requireScheduler().status()) }
    router.post("/v1/schedule/check") { request, _ in
      let body = try await api.decode(Wire.ScheduleBody.self, from: request)
      let folder = try api.scheduleFolder(body)
      defer { folder.cleanup() }
      let checked = CheckedSchedule.check(
        text: body.text, baseDir: folder.dir, voices: api.voices, now: Date(), languages: api.rules.languages)
      return try json(Wire.ScheduleResult(ok: checked.isValid, problems: checked.problems.map(Wire.ProblemView.init)))
    }
    router.post("/v1/schedule/apply") { request, _ in
      let body = try await api.decode(Wire.ScheduleBody.self, from: request)
      let scheduler = try api.requireScheduler()
      let folder = try api.scheduleFolder(body)
      defer { folder.cleanup() }
      let checked = CheckedSchedule.check(
        text: body.text, baseDir: folder.dir, voices: api.voices, now: Date(), languages: api.rules.languages)
      guard checked.isValid else {
        throw APIError(
          .unprocessableContent, "schedule_invalid",
          "the schedule has errors; nothing was changed (lịch có lỗi, lịch đang chạy giữ nguyên):\n"
            + checked.errors.map { $0.formatted(file: "schedule") }.joined(separator: "\n"))
      }
      let applied = try api.run { () throws(LoaError) in
        try scheduler.apply(text: body.text, baseDir: folder.dir, operatorName: Caller.operatorName(body.operatorName))
      }
      return try json(
        Wire.ScheduleResult(
          ok: true, version: applied.version, withdrawn: applied.withdrawn,
          problems: applied.problems.map(Wire.ProblemView.init)))
    }
    router.post("/v1/schedule/rollback") { request, _ in
      let body = try await api.decodeOptional(Wire.OperatorBody.self, from: request)
      let scheduler = try api.requireScheduler()
      let v = try api.run { () throws(LoaError) in
        try scheduler.rollback(operatorName: Caller.operatorName(body?.operatorName))
      }
      return try json(Wire.ScheduleResult(ok: true, version: v, problems: []))
    }
    router.post("/v1/schedule/trust-clock") { request, _ in
      let body = try await api.decodeOptional(Wire.OperatorBody.self, from: request)
      let scheduler = try api.requireScheduler()
      try api.run { () throws(LoaError) in
        try scheduler.trustClock(operatorName: Caller.operatorName(body?.operatorName))
      }
      return try json(scheduler.status())
    }
    router.get("/v1/schedule/preview") { request, _ in
      let days = try api.intParam(request.uri.queryParameters.get("days"), name: "days", default: 7)
      guard (1...366).contains(days) else {
        throw APIError(.badRequest, "bad_query", "'days' must be between 1 and 366")
      }
      return try json(try api.requireScheduler().preview(days: days))
    }
    router.get("/v1/schedule/history") { _, _ in
      try json(try api.run { () throws(LoaError) in try api.store.scheduleChanges() })
    }

    router.get("/v1/inbox") { _, _ in
      try json(try api.run { () throws(LoaError) in try api.store.inboxJobs() }.map(Wire.JobView.init))
    }
    router.post("/v1/inbox/:id/approve") { request, context in
      let id = try context.parameters.require("id")
      let body = try await api.decodeOptional(Wire.ApproveBody.self, from: request) ?? Wire.ApproveBody()
      return try json(Wire.JobView(try api.approve(id: id, body)))
    }
    router.post("/v1/inbox/:id/reject") { request, context in
      let id = try context.parameters.require("id")
      let body = try await api.decodeOptional(Wire.RejectBody.self, from: request)
      let job = try api.run { () throws(LoaError) in
        try api.store.reject(id, reason: body?.reason, operatorName: body?.operatorName, at: Date())
      }
      guard let job else { throw api.notInInbox(id) }
      return try json(Wire.JobView(job))
    }
  }

  func requireScheduler() throws -> Scheduler {
    guard let scheduler else {
      throw APIError(.serviceUnavailable, "no_scheduler", "this daemon runs without a scheduler")
    }
    return scheduler
  }

  func notInInbox(_ id: String) -> APIError {
    APIError(.notFound, "not_in_inbox", "no job \(id) waits in the inbox (không có bản tin này trong hộp chờ)")
  }

  /// Moves an inbox job to the queue: now, at a time, or right after the next airing of a programme.
  func approve(id: String, _ body: Wire.ApproveBody) throws -> Job {
    let store = self.store
    if body.at != nil && body.program != nil {
      throw APIError(.unprocessableContent, "bad_approve", "give either 'at' or 'program', not both")
    }
    var notBefore = body.at
    if let at = body.at, at < Date().addingTimeInterval(-rules.pastGrace) {
      throw APIError(.unprocessableContent, "start_in_past", "the time \(LocalTime.format(at)) has already passed")
    }
    if let program = body.program {
      guard let next = try run({ () throws(LoaError) in try store.nextAiring(program: program, after: Date()) }) else {
        throw APIError(
          .unprocessableContent, "unknown_program",
          "programme '\(program)' has no airing ahead in the installed schedule (không có chương trình này sắp phát)")
      }
      notBefore = next.at
    }
    let job = try run { () throws(LoaError) in
      try store.approve(id, notBefore: notBefore, operatorName: Caller.operatorName(body.operatorName))
    }
    guard let job else { throw notInInbox(id) }
    engine.enqueue(job)
    return job
  }
}
