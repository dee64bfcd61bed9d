import ArgumentParser
import LoaCLI

@main
struct LoaMain: AsyncMainProtocol {
  typealias Command = Loa
}
