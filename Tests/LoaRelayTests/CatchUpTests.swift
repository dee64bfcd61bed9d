import LoaRelay
import Testing

/// How a live stream catches up when the box fell behind: quiet audio goes, words stay.
@Suite struct CatchUpTests {
  let block = 10
  func quiet(_ n: Int) -> [Int16] { [Int16](repeating: 40, count: n) }
  func loud(_ n: Int) -> [Int16] { [Int16](repeating: 9000, count: n) }

  @Test func underTheSoftBoundNothingIsDropped() {
    let b = quiet(50)
    #expect(RelaySource.catchUp(b, from: 0, soft: 60, hard: 200, block: block) == 0)
  }

  @Test func quietAudioAtTheHeadIsDroppedDownToTheSoftBound() {
    let b = quiet(100) + loud(30)
    // 130 wait, 60 may: quiet blocks go until 60 (or fewer) remain.
    #expect(RelaySource.catchUp(b, from: 0, soft: 60, hard: 200, block: block) == 70)
  }

  @Test func wordsAtTheHeadAreNeverDroppedUnderTheHardBound() {
    let b = loud(30) + quiet(100)
    #expect(RelaySource.catchUp(b, from: 0, soft: 60, hard: 200, block: block) == 0)
    // Once the words have been read, the pause behind them goes.
    #expect(RelaySource.catchUp(b, from: 30, soft: 60, hard: 200, block: block) == 70)
  }

  @Test func pastTheHardBoundTheOldestGoesWhateverItIs() {
    let b = loud(250)
    #expect(RelaySource.catchUp(b, from: 0, soft: 60, hard: 200, block: block) == 50)
    // From a read position already inside the buffer.
    #expect(RelaySource.catchUp(b, from: 20, soft: 60, hard: 200, block: block) == 50)
  }

  @Test func aLoudSampleInABlockKeepsTheBlock() {
    var b = quiet(100)
    b[5] = -9000
    #expect(RelaySource.catchUp(b, from: 0, soft: 20, hard: 200, block: block) == 0)
    b[5] = 40
    b[15] = 9000
    #expect(RelaySource.catchUp(b, from: 0, soft: 20, hard: 200, block: block) == 10)
  }
}
