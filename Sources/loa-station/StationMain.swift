import ArgumentParser
import LoaStationCLI

@main
extension StationCommand {}
