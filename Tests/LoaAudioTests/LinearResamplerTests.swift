import Foundation
import LoaTesting
import Testing

@testable import LoaAudio

/// The recorder's push resampler (44.1 or 22.05 kHz to Opus' 48 kHz).
@Suite struct LinearResamplerTests {
  func resample(_ input: [Int16], from rate: Int, blocks: Int, channels: Int = 1) -> [Int16] {
    var r = LinearResampler(from: rate, to: 48_000, channels: channels)
    var out: [Int16] = []
    let frames = input.count / channels
    var start = 0
    while start < frames {
      let n = min(blocks, frames - start)
      input.withUnsafeBufferPointer { all in
        let block = UnsafeBufferPointer(rebasing: all[(start * channels)..<((start + n) * channels)])
        r.push(block, frames: n) { o, _ in out += o }
      }
      start += n
    }
    return out
  }

  @Test func theBlockSizeDoesNotChangeTheOutput() {
    let input: [Int16] = (0..<44_100).map { Int16(truncatingIfNeeded: ($0 &* 7919) % 30_000 - 15_000) }
    let whole = resample(input, from: 44_100, blocks: input.count)
    for blocks in [1, 2, 3, 441, 1000, 4096] {
      #expect(firstDifference(resample(input, from: 44_100, blocks: blocks), whole) == nil, "blocks of \(blocks)")
    }
    // One second in, one second out (less the last frame's share).
    #expect(abs(whole.count - 48_000) <= 2, "\(whole.count) frames")
  }

  @Test func aToneKeepsItsPitchAndLevel() {
    let rate = 22_050
    let tone: [Int16] = (0..<rate).map { Int16(16_000 * sin(2 * Double.pi * 440 * Double($0) / Double(rate))) }
    let out = resample(tone, from: rate, blocks: 1103)
    let recording = PCMRecording(samples: out, sampleRate: 48_000)
    let hz = toneHz(out[4800..<43_200], sampleRate: 48_000)
    #expect(abs(hz - 440) < 2, "\(hz) Hz")
    // A sine of amplitude 16 000: −6.2 dBFS RMS, at either rate.
    #expect(
      abs(
        recording.rmsDBFS(from: 0.1, to: 0.9)
          - PCMRecording(samples: tone, sampleRate: rate).rmsDBFS(from: 0.1, to: 0.9)) < 0.1)
  }

  @Test func stereoChannelsStayApart() {
    var input: [Int16] = []
    for _ in 0..<4410 { input += [1000, -3000] }
    let out = resample(input, from: 44_100, blocks: 333, channels: 2)
    #expect(out.count / 2 >= 4798)
    #expect(stride(from: 0, to: out.count, by: 2).allSatisfy { out[$0] == 1000 && out[$0 + 1] == -3000 })
  }
}
