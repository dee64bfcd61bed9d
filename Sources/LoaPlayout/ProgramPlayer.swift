import Foundation
import LoaAudio
import LoaCore
import LoaLadder

extension PlayoutEngine {
  /// Airs a scheduled programme item by item, from its resume point. Each item that reaches the
  /// loudspeaker gets its own as-run row; an item that cannot be made (missing file, relay not
  /// available) is logged `failed` and the programme goes on with the next one.
  func airProgram(_ job: Job, _ program: Program) {
    logger.info("programme on air", metadata: ["job": "\(job.id)", "program": "\(program.id)"])
    var rp = job.resume ?? .start
    var resumedFrom = rp.interruptedRow
    guard startAiring(job, repetition: 1) else { return }

    var index = rp.item
    var finished = false
    while index < program.items.count {
      let item = program.items[index]
      var view = job
      view.title = "\(program.title) — \(item.title)"
      view.info = program.info(ofItem: index)
      var kind = AiringKind.program
      var reps = 1
      switch item {
      case .speech(_, let text, let voice, let r):
        view.content = .speech(text: text, voice: voice)
        kind = .speech
        reps = r
      case .file(_, let path):
        view.content = .file(path: path)
        kind = .file
      case .relay(_, let url, let seconds):
        view.content = .relay(url: url, seconds: Double(seconds))
        kind = .relay
      case .chime: kind = .chime
      case .silence: kind = .program
      }
      let firstRep = index == rp.item ? rp.repetition : 1
      let lastRep = max(firstRep, reps)
      for rep in firstRep...lastRep {
        let resuming = index == rp.item && rep == firstRep
        let startSentence = resuming ? rp.sentence : 0
        let startFrame = resuming ? rp.frame : 0
        let base = ResumePoint(
          repetition: rep, sentence: startSentence, frame: startFrame, chimeDone: true, item: index)
        // Where a restart picks up once this item's row is written (committed with it).
        let next: JobProgress =
          rep < lastRep
          ? .next(ResumePoint(repetition: rep + 1, chimeDone: true, item: index))
          : index + 1 < program.items.count
            ? .next(ResumePoint(chimeDone: true, item: index + 1)) : .finished(.completed, error: nil)
        if case .finished = next { finished = true }
        let made: MadeSource
        do { made = try makeSource(item, startSentence: startSentence, startFrame: startFrame) } catch {
          commit(
            record(
              view, kind: kind, outcome: .failed, result: SegmentResult(end: .failed(error.message), framesPlayed: 0),
              repetition: rep, resumedFrom: resumedFrom, error: error.message), next, jobId: job.id)
          resumedFrom = nil
          logger.error("programme item failed", metadata: ["job": "\(job.id)", "error": "\(error.message)"])
          break
        }
        setSegment("\(index + 1)/\(program.items.count) \(item.kind)", rep)
        let isSilence: Bool = { if case .silence = item { return true } else { return false } }()
        if !isSilence { events.send(PlayoutEvent(row: nil, jobId: job.id, progress: .next(base), onAir: true)) }
        let result = playSegment(
          made.source, title: view.title, airtime: !isSilence,
          progressOf: isSilence ? nil : (job.id, { played in made.resumePoint(played, base) }))
        if case .silence = item {
          // Silence is not airtime: no row, but an interrupt still keeps the place.
          switch result.end {
          case .completed, .sourceFailed:
            commit(nil, next, jobId: job.id)
            continue
          case .interrupted(let irq):
            let effect = SegmentEffect.interrupted(irq, resume: base, airtime: false)
            apply(effect, job, kind: .program, result: result, resumedFrom: nil, airtime: false)
            return
          case .failed(let message):
            setDevice(open: false, error: message)
            finishFailed(
              job, message: message,
              row: record(
                view, kind: .program, outcome: .failed, result: result, resumedFrom: resumedFrom, error: message))
            return
          }
        }
        let goOn = conclude(
          view, kind: kind, result: result, resume: base, resumedFrom: resumedFrom, owner: job,
          continueAfterSourceFailure: true, next: next
        ) {
          played in made.resumePoint(played, base)
        }
        resumedFrom = nil
        if !goOn { return }
      }
      index += 1
      rp = .start
    }
    if !finished { commit(nil, .finished(.completed, error: nil), jobId: job.id) }
    state.completed += 1
  }

  /// A scheduled airing whose window passed: `skipped` when the player was busy with something
  /// else through its tolerance, `missed` when its time passed while nothing could air it (the
  /// clock stepped forward, or Loa was not running). Never aired late.
  func logScheduledExpiry(_ job: Job) {
    let now = clock.now()
    let started = job.resume != nil || job.crashRetries > 0
    let last = lastAiring
    let deadline = (started ? job.slotEnd : job.expiresAt) ?? now
    let busy = last.map { deadline >= $0.start.addingTimeInterval(-1) && now.timeIntervalSince($0.end) < 5 } ?? false
    let outcome: AiringOutcome = busy ? .skipped : .missed
    let reason: String
    if started {
      reason = "the slot ended before the programme could resume (hết khung giờ trước khi phát tiếp)"
    } else if busy {
      reason = "something else was on air past its start tolerance (đang phát mục khác quá thời gian chờ)"
    } else {
      reason = "its start time passed while Loa could not air it: clock change or Loa not running (quá giờ phát)"
    }
    commit(
      record(job, kind: .program, outcome: outcome, resumedFrom: job.resume?.interruptedRow, error: reason),
      .finished(outcome == .skipped ? .skipped : .missed, error: reason), jobId: job.id)
    logger.warning(
      "scheduled airing not aired",
      metadata: ["job": "\(job.id)", "outcome": "\(outcome.rawValue)", "reason": "\(reason)"])
  }
}
