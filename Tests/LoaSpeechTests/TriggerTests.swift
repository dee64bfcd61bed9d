import Foundation
import Testing

@testable import LoaSpeech

/// A text's summary (its bytes, its pairs of bytes) may only ever say "cannot": wherever it rules a
/// trigger out, the trigger's own scan finds nothing.
@Suite struct TriggerTests {
  static let triggers: [Trigger] = [
    .digitSlash, .digitColon, .digitDot, .digitDash, .digitDateMark, .digitHour, .digitTimes, .digitE, .digitUpper,
    .digitCapitals, .digitLetter, .digitTen, .standards, .plateWords, .hourWords, .monthWords, .temperatureWords,
    .kmWords, .elevationWords, .ordinalWords, .levelWords, .slash, .upper, .capitalPair, .dash, .quotes, .bullets,
    .loneLetters, .roman, .webAddress, .codeWords, .groupWords, .scoreWords, .matchWords, .alarmWords, .phoneWords,
    .emergencyNumbers, .numberWords, .issueNumber, .stormWords, .placeDot, .roadDot, repoLexicon.ruleTrigger,
    repoLexicon.symbols.any,
  ]

  @Test func theSummaryNeverRulesOutWhatTheScanFinds() throws {
    var texts = try PlainWordsTests.corpusLines()
    // The same in capitals, and words glued across their spaces (pairs that span two words).
    texts += texts.prefix(600).map { $0.uppercased() }
    texts += texts.prefix(600).map { $0.replacingOccurrences(of: " ", with: "") }
    var ruledOut = 0
    var wrong: [String] = []
    for t in texts where t.utf8.count > 15 {
      let scan = Scan(t)
      for (i, trigger) in Self.triggers.enumerated() where scan.rules(out: trigger) {
        ruledOut += 1
        // (No memo here: the trigger scans the text itself.)
        if trigger.fires(t) { wrong.append("trigger \(i): \(t)") }
      }
    }
    // The summary answers most checks, or it saves nothing.
    #expect(ruledOut > texts.count * Self.triggers.count / 2)
    let count = wrong.count
    #expect(count == 0, "\(wrong.prefix(3).joined(separator: "\n"))")
  }

  @Test func aWordIsFoundInAnyMixOfCasesAndItsPairsToo() {
    let hour = Trigger.words(["giờ"])
    for t in ["lúc 7 giờ sáng hôm nay", "LÚC 7 GIỜ SÁNG HÔM NAY", "lúc 7 Giờ sáng hôm nay", "lúc 7 gIỜ sáng hôm nay"] {
      #expect(!Scan(t).rules(out: hour) && hour.fires(t), "\(t)")
    }
    // Its letters all there, never side by side: ruled out by the pairs alone.
    let apart = "ơ ở gì ghi rời ga giao gờ"
    #expect(Scan(apart).rules(out: hour) && !hour.fires(apart))
  }
}
