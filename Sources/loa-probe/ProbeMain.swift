import ArgumentParser
import LoaProbes

@main
extension LoaProbe {}
