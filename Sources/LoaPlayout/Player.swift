import Foundation
import LoaAudio
import LoaCore
import LoaLadder
import LoaRelay
import LoaSpeech
import LoaStorage

extension PlayoutEngine {
  /// The player thread: take the mail, ask the ladder for the next step at `now`, carry it out,
  /// repeat. Only this thread touches `state`; it publishes it after every change.
  func runLoop() {
    while true {
      drain()
      if stopping { return }
      let now = clock.now()
      switch state.ladder.next(at: now) {
      case .expire(let gone):
        // The rows go to the committer before the state that no longer holds the jobs is published.
        for e in gone { logExpired(e.job, reason: e.reason) }
        publish()
      case .air(let job):
        publish()
        let began = clock.now()
        volume?.airing(job.bulletinClass)
        air(job)
        volume?.airing(nil)
        lastAiring = (began, clock.now())
        state.ladder.endAiring()
        state.segment = ""
        state.startedAt = nil
        publish()
      case .wait(let until):
        publish()
        // The amplifier goes off after its idle time.
        if let amplifier {
          amplifier.switchOffIfIdle(lastAudio: lastAudioAt)
          recordings?.sweep()
        }
        // Sleep until the next start time (capped, so a clock step is noticed) or a command.
        var wait = 1.0
        if let until { wait = min(max(until.timeIntervalSince(now), 0.001), 1) }
        mailbox.wait(until: Date().addingTimeInterval(wait))
      }
    }
  }

  /// Carries out what other threads posted, publishes the result, then answers them.
  func drain() {
    let commands = mailbox.take()
    guard !commands.isEmpty else { return }
    var answers: [() -> Void] = []
    for command in commands {
      switch command {
      case .add(let job): state.ladder.add(job)
      case .withdraw(let ids): state.ladder.withdraw(ids)
      case .cancel(let id, let operatorName, let reply):
        let found = state.ladder.cancel(id: id, operatorName: operatorName)
        answers.append { reply.send(found) }
      case .stop(let operatorName, let reply):
        let cur = state.ladder.stop(operatorName: operatorName)
        answers.append { reply.send(cur) }
      case .position(let id, let before, let reply):
        let computed = Result { () throws(LoaError) in try state.ladder.position(moving: id, before: before) }
        answers.append { reply.send(computed) }
      case .setPosition(let id, let position, let reply):
        let moved = state.ladder.setPosition(id: id, position)
        answers.append { reply.send(moved) }
      case .pause(let operatorName, let reply):
        let changed = state.ladder.pause(by: operatorName, at: clock.now())
        if changed {
          logger.notice("paused: only emergencies air until resumed", metadata: ["by": "\(operatorName ?? "")"])
        }
        answers.append { reply.send(changed) }
      case .resume(let reply):
        let changed = state.ladder.resume()
        if changed { logger.notice("resumed") }
        answers.append { reply.send(changed) }
      case .amplifier(let on, let reply):
        let done = amplifierSwitched(on: on)
        answers.append { reply.send(done) }
      case .shutdown:
        stopping = true
        state.ladder.shutdown()
      case .wake: break
      }
    }
    publish()
    for answer in answers { answer() }
  }

  func publish() { mailbox.publish(state) }

  /// On the player thread, so a remote switch never races the player's own: on warms up now
  /// (it goes off again after the idle time); off is refused while something is on air.
  func amplifierSwitched(on: Bool) -> Result<Bool, LoaError> {
    guard let amplifier, amplifier.power != nil else {
      return .failure(LoaError(.amplifier, "this box has no amplifier switch configured ([amplifier])"))
    }
    if on {
      _ = amplifier.switchOn()
      return .success(true)
    }
    if let job = state.ladder.onAir {
      return .failure(
        LoaError(.notAllowed, "'\(job.title.prefix(60))' is on air; the amplifier goes off after it (đang phát)"))
    }
    amplifier.switchOff()
    return .success(false)
  }

  func logExpired(_ job: Job, reason: Ladder.ExpiryReason) {
    if job.isScheduled {
      logScheduledExpiry(job)
      return
    }
    let message = reason.message
    commit(
      record(job, kind: job.content.kind, outcome: .expired, error: message), .finished(.expired, error: message),
      jobId: job.id)
    logger.info(
      "job expired before it could air", metadata: ["job": "\(job.id)", "reason": "\(message ?? "window")"])
  }

  func record(
    _ job: Job, kind: AiringKind, outcome: AiringOutcome, result: SegmentResult? = nil,
    repetition: Int = 1, resumedFrom: Int64? = nil, preemptedBy: String? = nil,
    operatorName: String? = nil, error: String? = nil
  ) -> AsRunRecord {
    if job.bulletinClass == .emergency, let start = result?.startedAt, (result?.framesPlayed ?? 0) > 0,
      repetition == 1, job.crashRetries == 0, !state.emergenciesTimed.contains(job.id)
    {
      state.emergenciesTimed.insert(job.id)
      PlayoutMetrics.emergencyStarted(after: start.timeIntervalSince(job.createdAt))
    }
    return AsRunRecord(
      jobId: job.id, bulletinClass: job.bulletinClass, source: job.source, kind: kind, title: job.title,
      textSHA256: kind == .speech ? job.text.map(textSHA256) : nil,
      voice: kind == .speech ? job.voice : nil, scheduledAt: job.notBefore,
      startedAt: result?.startedAt, endedAt: result?.endedAt,
      durationSeconds: result.map { output.format.seconds(frames: $0.framesPlayed) },
      outcome: outcome, preemptedBy: preemptedBy, resumedFrom: resumedFrom,
      operatorName: operatorName ?? job.operatorName, repetition: repetition, error: error,
      url: {
        switch job.content {
        case .relay(let u, _), .live(let u, _): return u
        default: return nil
        }
      }(),
      note: result.flatMap { $0.notes.isEmpty ? nil : $0.notes.joined(separator: "; ") },
      deadAirSeconds: result?.deadAirSeconds, fallbackSeconds: result?.fallbackSeconds,
      recording: result?.recording, info: job.info)
  }

  /// Marks the job playing and opens the device. When the device cannot be opened the job is
  /// failed with the ALSA text (one as-run row) and false is returned.
  func startAiring(_ job: Job, repetition: Int) -> Bool {
    let at = clock.now()
    committer.post(jobId: job.id) { [self] in
      do { try store.markPlaying(job.id, at: at) } catch {
        logger.error("cannot mark job playing: \(error)")
      }
    }
    do { try output.open() } catch {
      setDevice(open: false, error: error.message)
      finishFailed(
        job, message: error.message,
        row: record(
          job, kind: job.content.kind, outcome: .failed,
          result: SegmentResult(end: .failed(error.message), framesPlayed: 0), repetition: repetition,
          resumedFrom: job.resume?.interruptedRow, error: error.message))
      return false
    }
    setDevice(open: true, error: nil)
    return true
  }

  /// Airs one job from its resume point to the end, or until it is interrupted.
  func air(_ job: Job) {
    var job = job
    // Requeued in this run: the row that cut it may still be on its way to disk. This waits for
    // that one write only if the job comes back before it is done (never for an emergency, which
    // nothing interrupts).
    if job.resume != nil && job.resume?.interruptedRow == nil {
      job.resume?.interruptedRow = committer.interruptedRow(of: job.id)
    }
    if case .program(let program) = job.content {
      airProgram(job, program)
      return
    }
    logger.debug("airing", metadata: ["job": "\(job.id)", "class": "\(job.bulletinClass.rawValue)"])
    var rp = job.resume ?? .start
    var resumedFrom = rp.interruptedRow
    guard startAiring(job, repetition: rp.repetition) else { return }

    // A live broadcast opens with the attention chime, and its stream connects while the chime
    // plays: the voice follows the chime without a gap.
    let isLive = job.content.kind == .live
    var early: MadeSource?
    if isLive && config.liveChime && !rp.chimeDone,
      let made = try? makeSource(job, startSentence: 0, startFrame: rp.frame)
    {
      (made.source as? RelaySource)?.prepare()
      early = made
    }
    let chime = job.bulletinClass == .emergency ? config.emergencyChime : isLive && config.liveChime
    if chime && !rp.chimeDone {
      setSegment("chime", rp.repetition)
      let result = playSegment(chimeSource(), title: job.title + " — chime")
      var afterChime = rp
      afterChime.chimeDone = true
      let done = conclude(job, kind: .chime, result: result, resume: rp, resumedFrom: nil, next: .next(afterChime)) {
        _ in rp
      }
      if !done {
        early?.source.cancel()
        return
      }
      rp.chimeDone = true
    }

    let lastRepetition = max(rp.repetition, job.repeatCount)
    for rep in rp.repetition...lastRepetition {
      let firstOfThisRun = rep == rp.repetition
      if !firstOfThisRun {
        setSegment("gap", rep)
        let gap = SilenceSource(
          format: output.format, frames: output.format.frames(seconds: config.emergencyGapSeconds))
        let result = playSegment(gap, airtime: false)
        if case .interrupted(let irq) = result.end {
          let effect = SegmentEffect.interrupted(
            irq, resume: ResumePoint(repetition: rep, chimeDone: true, interruptedRow: resumedFrom), airtime: false)
          apply(
            effect, job, kind: job.content.kind, result: result, repetition: rep, resumedFrom: nil, airtime: false)
          return
        }
      }
      let startSentence = firstOfThisRun ? rp.sentence : 0
      let startFrame = firstOfThisRun ? rp.frame : 0
      let made: MadeSource
      if firstOfThisRun, let e = early {
        made = e
        early = nil
      } else {
        do { made = try makeSource(job, startSentence: startSentence, startFrame: startFrame) } catch {
          finishFailed(
            job, message: error.message,
            row: record(
              job, kind: job.content.kind, outcome: .failed,
              result: SegmentResult(end: .failed(error.message), framesPlayed: 0), repetition: rep,
              resumedFrom: resumedFrom, error: error.message))
          return
        }
      }
      setSegment(job.content.kind.rawValue, rep)
      let base = ResumePoint(repetition: rep, sentence: startSentence, frame: startFrame, chimeDone: true)
      events.send(PlayoutEvent(row: nil, jobId: job.id, progress: .next(base), onAir: true))
      let result = playSegment(
        made.source, title: job.title, progressOf: (job.id, { played in made.resumePoint(played, base) }))
      // The row of the last repetition and the job's completion are one transaction: a kill just
      // after the last frame can never air it again, nor a kill between repetitions replay one.
      let next: JobProgress =
        rep == lastRepetition
        ? .finished(.completed, error: nil) : .next(ResumePoint(repetition: rep + 1, chimeDone: true))
      let done = conclude(
        job, kind: job.content.kind, result: result, resume: base, resumedFrom: resumedFrom, next: next
      ) {
        played in made.resumePoint(played, base)
      }
      resumedFrom = nil
      if !done { return }
    }
    state.completed += 1
  }

  /// Logs a segment and acts on how it ended (the ladder's `SegmentEffect`). Returns true to go on
  /// with the job.
  ///
  /// `next` is what a completed segment means for the job (go on from here, or finished); it is
  /// committed with the segment's row.
  func conclude(
    _ job: Job, kind: AiringKind, result: SegmentResult, resume: ResumePoint, resumedFrom: Int64?,
    owner: Job? = nil, continueAfterSourceFailure: Bool = false, next: JobProgress,
    resumeAt: (Int) -> ResumePoint
  ) -> Bool {
    var at = resume
    if case .interrupted = result.end { at = resumeAt(result.framesPlayed) }
    let effect = SegmentEffect.of(
      result.end, next: next, resume: at, itemFailureGoesOn: continueAfterSourceFailure)
    apply(
      effect, owner ?? job, view: job, kind: kind, result: result, repetition: resume.repetition,
      resumedFrom: resumedFrom)
    return effect.goesOn
  }

  /// Carries out a segment's effect: the row (when there is one) and the job's progress in one
  /// transaction; a requeued job goes back on the ladder with its resume point naming the row.
  ///
  /// `job` is the job that is requeued or ended; `view` (default: the same) describes what aired
  /// (a programme item).
  func apply(
    _ effect: SegmentEffect, _ job: Job, view: Job? = nil, kind: AiringKind, result: SegmentResult,
    repetition: Int = 1, resumedFrom: Int64?, airtime: Bool = true
  ) {
    let view = view ?? job
    // A gap or silence is not airtime: its row (a cancel's) carries no times.
    let row = effect.outcome.map {
      record(
        view, kind: kind, outcome: $0, result: airtime ? result : nil,
        repetition: repetition, resumedFrom: resumedFrom, preemptedBy: effect.preemptedBy,
        operatorName: effect.cancelledBy, error: effect.error)
    }
    if effect.deviceFailed, let message = effect.error { setDevice(open: false, error: message) }
    switch effect.progress {
    case .requeue(let rp):
      // The row's id becomes the resume point's `interruptedRow` in the store; in memory the
      // committer hands it over when the job airs again (`air`).
      commit(row, effect.progress, jobId: job.id)
      var again = job
      again.resume = rp
      if row != nil { again.resume?.interruptedRow = nil }
      again.status = .queued
      state.ladder.add(again)
      publish()
      logger.info("job interrupted; it will resume", metadata: ["job": "\(job.id)", "sentence": "\(rp.sentence)"])
    case .finished(.failed, let message):
      finishFailed(job, message: message ?? "", row: row)
    case .finished(.cancelled, _):
      commit(row, effect.progress, jobId: job.id)
      logger.info(
        "job cancelled on air", metadata: ["job": "\(job.id)", "operator": "\(effect.cancelledBy ?? "-")"])
    case .next, .finished:
      commit(row, effect.progress, jobId: job.id)
      if effect.outcome == .failed {
        logger.error(
          "item failed; the programme goes on", metadata: ["job": "\(job.id)", "error": "\(effect.error ?? "")"])
      }
    }
  }

  func finishFailed(_ job: Job, message: String, row: AsRunRecord?) {
    commit(row, .finished(.failed, error: message), jobId: job.id)
    state.failed += 1
    publish()
    logger.error("job failed", metadata: ["job": "\(job.id)", "error": "\(message)"])
  }

  /// Hands a row (if any) and what it means for the job to the committer, which writes them in
  /// one transaction after everything posted before, then tells the observers. A row that
  /// interrupted the job is noted for its resumption.
  func commit(_ row: AsRunRecord?, _ progress: JobProgress, jobId: String) {
    let at = clock.now()
    if let row { PlayoutMetrics.row(row) }
    committer.post(jobId: jobId) { [self] in write(row, progress, jobId: jobId, at: at) }
  }

  /// On the committer's thread.
  private func write(_ row: AsRunRecord?, _ progress: JobProgress, jobId: String, at: Date) {
    do {
      guard var row else {
        try store.record(progress, jobId: jobId, at: at)
        events.send(PlayoutEvent(row: nil, jobId: jobId, progress: progress))
        return
      }
      let id = try store.append(row, then: progress, at: at)
      if row.outcome == .completed { Failpoint.hit("airing-committed") }
      // The as-run row in the log too: in the journal its fields are LOA_JOB, LOA_CLASS,
      // LOA_OUTCOME… (`journalctl LOA_OUTCOME=failed`).
      logger.log(
        level: [.failed, .missed].contains(row.outcome) ? .warning : .info, "as-run",
        metadata: [
          "job": "\(jobId)", "class": "\(row.bulletinClass.rawValue)", "kind": "\(row.kind.rawValue)",
          "outcome": "\(row.outcome.rawValue)", "repetition": "\(row.repetition)", "row": "\(id)",
          "seconds": "\(String(format: "%.1f", row.durationSeconds ?? 0))",
        ])
      if case .requeue = progress { committer.noteInterrupted(jobId, row: id) }
      row.id = id
      events.send(PlayoutEvent(row: row, jobId: jobId, progress: progress))
    } catch {
      // A full disk: the row and the job's progress go to the reserved spill file, written into
      // the database at the next start. In this run the player goes on from memory, so nothing
      // airs twice; the officer sees the count in `loa status`.
      guard let spill else {
        logger.critical("cannot write the as-run log: \(error)")
        return
      }
      do {
        try spill.append(AsRunSpill.Entry(row: row, jobId: jobId, progress: progress, at: at))
        spilled.withLock { $0 += 1 }
        logger.critical(
          "cannot write the as-run log; the row is kept in the spill file",
          metadata: ["job": "\(jobId)", "error": "\(error.message)"])
      } catch let spillError {
        logger.critical(
          "cannot write the as-run log nor the spill file: this airing is not logged",
          metadata: ["job": "\(jobId)", "error": "\(error.message)", "spill": "\(spillError.message)"])
      }
    }
  }

  func setSegment(_ name: String, _ repetition: Int) {
    state.segment = name
    state.repetition = repetition
    publish()
  }

  func setDevice(open: Bool, error: String?) {
    state.deviceOpen = open
    if let error { state.lastError = error }
    publish()
  }

  /// What must stop the current write, if anything (the ladder decides: an interrupt already
  /// set, a due emergency, a hard-start programme).
  func pendingInterrupt() -> Interrupt? {
    drain()
    return state.ladder.check(at: clock.now())
  }

  /// Writes a source to the device in small chunks, looking for interrupts between them;
  /// then waits for the device to play what it holds (a drain that can still be interrupted).
  ///
  /// On the way: the amplifier is switched on (and warmed up) before the first frame, the volume
  /// is applied, the level is measured for dead air, and what reaches the device is recorded.
  /// `airtime: false` (gaps, silence items) is neither measured nor recorded.
  ///
  /// `progressOf` maps frames played to where a restart would resume; each new sentence (or every
  /// 2 s of a file) is handed to the progress writer, so a crash mid-repetition resumes there.
  func playSegment(
    _ source: any PCMSource, title: String = "", airtime: Bool = true,
    progressOf: (jobId: String, at: (Int) -> ResumePoint)? = nil
  ) -> SegmentResult {
    let fmt = output.format
    // Where it starts is already committed; only getting further is posted (and only that resets
    // the job's count of deaths on air).
    var posted = progressOf?.at(0)
    var postedAt = Date()
    let converter = FormatConverter(source, to: fmt)
    let chunk = max(1, fmt.frames(seconds: Double(config.chunkMilliseconds) / 1000))
    var buffer = [Int16](repeating: 0, count: chunk * fmt.channels)
    var written = 0
    var started: Date?
    var tap = AiringTap(deadAir: airtime ? config.deadAir : nil)
    var recorder: (any AiringRecorder)?

    func finish(_ r: SegmentResult) -> SegmentResult {
      var r = r
      if let recorder, let recordings {
        let (path, failure) = recordings.end(recorder)
        r.recording = path
        if let failure { tap.notes.append(failure) }
      }
      if let fb = source as? FallbackSource {
        tap.notes += fb.events
        if fb.fallbackFrames > 0 { r.fallbackSeconds = (fb.fallbackSeconds * 10).rounded() / 10 }
      }
      if let d = tap.deadAir, d.deadSeconds > 0 { r.deadAirSeconds = (d.deadSeconds * 10).rounded() / 10 }
      r.notes = tap.notes
      return r
    }

    func cut(_ irq: Interrupt) -> SegmentResult {
      logger.debug("cutting", metadata: ["interrupt": "\(irq)"])
      let pending = output.pendingFrames()
      output.drop()
      source.cancel()
      return finish(
        SegmentResult(
          end: .interrupted(irq), startedAt: started, endedAt: started == nil ? nil : clock.now(),
          framesPlayed: max(0, written - pending)))
    }

    while true {
      if let irq = pendingInterrupt() { return cut(irq) }
      let n: Int
      do {
        n = try buffer.withUnsafeMutableBufferPointer { buf throws(AudioError) in
          try converter.read(into: buf, maxFrames: chunk)
        }
      } catch {
        source.cancel()
        let pending = output.pendingFrames()
        output.drop()
        return finish(
          SegmentResult(
            end: .sourceFailed(error.message), startedAt: started, endedAt: started.map { _ in clock.now() },
            framesPlayed: max(0, written - pending)))
      }
      if n == 0 { break }
      if started == nil {
        // The amplifier first: its warm-up comes before the first frame and the airing's start time.
        if let irq = warmUpAmplifier(&tap) { return cut(irq) }
        let job = currentJob()
        if airtime, let recordings {
          let made = recordings.begin(
            jobId: job?.id ?? "unknown", bulletinClass: job?.bulletinClass ?? .normal, title: title, format: fmt,
            frames: source as? any CompressedFrames)
          recorder = made.recorder
          if let failure = made.failure { tap.notes.append(failure) }
        }
        logger.debug("first frame", metadata: ["job": "\(job?.id ?? "-")"])
        started = clock.now()
        state.startedAt = state.startedAt ?? started
        publish()
      }
      if let event = buffer.withUnsafeMutableBufferPointer({
        tap.process($0, frames: n, format: fmt, gain: volume?.gain() ?? 1)
      }) {
        noteDeadAir(event, title: title)
      }
      if tap.measured { setLevel(tap.lastLevel) }
      var offset = 0
      while offset < n {
        let accepted: Int
        do {
          accepted = try buffer.withUnsafeBufferPointer { buf throws(AudioError) in
            try output.write(
              UnsafeBufferPointer(rebasing: buf[(offset * fmt.channels)..<(n * fmt.channels)]), frames: n - offset,
              shouldStop: { pendingInterrupt() != nil })
          }
        } catch {
          // The device went away (a USB codec reset, the sound server restarted): keep the airing
          // and open it again for a while before giving up.
          switch recoverDevice(after: error.message) {
          case .recovered(let seconds):
            PlayoutMetrics.deviceRecovered()
            tap.notes.append(
              "thiết bị âm thanh mất \(String(format: "%.1f", seconds)) s, đã mở lại (\(error.message))")
            continue
          case .interrupted(let irq):
            return cut(irq)
          case .gaveUp:
            source.cancel()
            return finish(
              SegmentResult(
                end: .failed(error.message), startedAt: started, endedAt: clock.now(), framesPlayed: written))
          }
        }
        if accepted > 0 {
          if let recorder {
            buffer.withUnsafeBufferPointer { buf in
              recorder.write(
                UnsafeBufferPointer(rebasing: buf[(offset * fmt.channels)..<((offset + accepted) * fmt.channels)]),
                frames: accepted)
            }
          }
          markAudio()
        }
        written += accepted
        offset += accepted
        if let progressOf, accepted > 0 {
          let point = progressOf.at(max(0, written - output.pendingFrames()))
          if point != posted && (point.sentence != posted?.sentence || Date().timeIntervalSince(postedAt) >= 2) {
            committer.progress(jobId: progressOf.jobId, point)
            posted = point
            postedAt = Date()
          }
        }
        // Cut mid-write: what was not accepted is dropped with the rest.
        if offset < n, let irq = pendingInterrupt() { return cut(irq) }
      }
    }
    guard started != nil else {
      return finish(SegmentResult(end: .completed, startedAt: nil, endedAt: nil, framesPlayed: 0))
    }
    // Let the device play what it holds, still watching for interrupts.
    let firstPending = output.pendingFrames()
    let deadline = Date().addingTimeInterval(fmt.seconds(frames: firstPending) + config.drainSlackSeconds)
    while true {
      let pending = output.pendingFrames()
      if pending <= 0 || Date() > deadline { break }
      if let irq = pendingInterrupt() { return cut(irq) }
      usleep(UInt32(min(5000, max(500, fmt.seconds(frames: pending) * 1_000_000))))
    }
    output.drop()
    markAudio()
    return finish(SegmentResult(end: .completed, startedAt: started, endedAt: clock.now(), framesPlayed: written))
  }
}
