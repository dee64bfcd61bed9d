import ArgumentParser
import LoaCore

/// `loa-probe`: the measuring tools `bench/` runs (a relay's start latency and underruns, a
/// fan-out of simulated boxes, schedule parsing and expansion). Kept out of the shipped `loa`
/// binary: nothing here runs on a box.
public struct LoaProbe: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "loa-probe",
    abstract: "Loa's benchmark probes (bench/); not installed on a box.",
    version: LoaVersion.described,
    subcommands: [
      RelayProbe.self, UplinkBench.self, ScheduleProbe.self, StationBench.self, DeliveryBench.self,
      SpeechStartProbe.self,
    ])

  public init() {}
}
