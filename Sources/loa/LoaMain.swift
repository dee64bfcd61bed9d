import ArgumentParser
import LoaCLI

@main
extension Loa {}
