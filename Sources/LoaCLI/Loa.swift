import ArgumentParser
import LoaCore

/// `loa`: the daemon (`loa serve`) and the commune officer's commands.
public struct Loa: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "loa",
    abstract: "Loa — commune loudspeaker controller (đài truyền thanh cơ sở).",
    discussion: """
      Runs on the hamlet loudspeaker box as 'loa serve'. The other commands talk to it:
        loa say "Thông báo ..."            queue a bulletin (đọc bản tin)
        loa say --class emergency "..."    emergency: interrupts what is playing (khẩn cấp)
        loa jobs | loa log | loa status    what is queued, what aired, how the box is
        loa volume 70 | loa log --audio ID  volume (âm lượng); export what aired (bản ghi)
        loa schedule check|preview|apply   the broadcast schedule (lịch phát thanh)
        loa inbox                          bulletins from the province to approve (hộp chờ duyệt)
        loa fleet --station URL            every box of the commune, from its station (cụm loa)
        loa say --to xa|thon-3|BOX "..."   send through the station; loa delivery ID (gửi qua trạm)
      The station itself (at the commune office or the province) is another program: loa-station.
      """,
    version: LoaVersion.described,
    subcommands: [
      Serve.self, Say.self, Play.self, Relay.self, Jobs.self, Cancel.self, Move.self, Stop.self, Pause.self,
      Resume.self, Live.self, Status.self, Log.self,
      ReportCommand.self, Doctor.self,
      Voices.self, Volume.self, Normalize.self, ScheduleCommand.self, InboxCommand.self, UplinkCommand.self,
      Login.self, Logout.self, UserCommand.self, Audit.self, Fleet.self, DeliveryCommand.self,
      Enroll.self,
    ])

  public init() {}
}
