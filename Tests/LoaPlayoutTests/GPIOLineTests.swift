import Foundation
import LoaCore
import LoaHardware
import LoaTesting
import Testing

/// The amplifier's GPIO line through libgpiod 1.x or 2.x (whichever the build found). There is no
/// GPIO chip on a test machine (no gpio-sim module): what is checked here is that the build uses
/// the API pkg-config names, and that a chip that is missing or not a GPIO chip is refused by name.
/// `scripts/check-libgpiod2.sh` runs the same refusals against libgpiod 2.
@Suite struct GPIOLineTests {
  @Test func theBuildUsesTheLibgpiodAPIThatPkgConfigNames() throws {
    let r = try runCommand("/usr/bin/pkg-config", ["--modversion", "libgpiod"])
    let major = Int(r.stdout.split(separator: ".").first ?? "") ?? 0
    #expect(major == 1 || major == 2, "pkg-config: \(r.stdout) \(r.stderr)")
    #expect(GPIOAmplifier.libgpiodAPI == major)
  }

  @Test(arguments: [
    ("gpiochip-khong-co", "cannot be opened"), ("/dev/null", "cannot be opened"), ("97", "cannot be opened"),
    ("/dev/gpiochip97", "cannot be opened"),
  ])
  func aChipThatIsNotThereIsRefusedByName(_ chip: String, _ message: String) {
    do {
      _ = try GPIOAmplifier(chip: chip, line: 3)
      Issue.record("\(chip) was opened")
    } catch {
      #expect(error.message.contains("'\(chip)'"), "\(error.message)")
      #expect(error.message.contains(message), "\(error.message)")
    }
  }
}
