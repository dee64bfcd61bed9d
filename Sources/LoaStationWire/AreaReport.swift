import LoaReports

extension StationWire {
  /// `GET /v1/reports/airtime?since&until&for=`: the airtime statistics across the boxes of an
  /// area, then per hamlet and per box. Up-time is the station's own record of each box's online
  /// spans (heartbeats and last wills), not what the boxes say.
  public struct AreaReport: Codable, Sendable {
    public var to: String
    public var boxes: Int
    /// All rows of the area together: sessions that overlap on several boxes are one session;
    /// hours are box-hours (the sum over boxes); up-time is summed over boxes too.
    public var total: AirtimeReport
    public var hamlets: [Part]
    public var perBox: [Part]
    public struct Part: Codable, Sendable {
      public var hamlet: String
      /// Nil for a hamlet's line.
      public var box: String?
      public var boxes: Int
      public var offlineSpans: Int
      public var report: AirtimeReport
      enum CodingKeys: String, CodingKey {
        case hamlet, box, boxes, report
        case offlineSpans = "offline_spans"
      }
      public init(hamlet: String, box: String? = nil, boxes: Int, offlineSpans: Int, report: AirtimeReport) {
        self.hamlet = hamlet
        self.box = box
        self.boxes = boxes
        self.offlineSpans = offlineSpans
        self.report = report
      }
    }
    enum CodingKeys: String, CodingKey {
      case to, boxes, total, hamlets
      case perBox = "per_box"
    }
    public init(to: String, boxes: Int, total: AirtimeReport, hamlets: [Part], perBox: [Part]) {
      self.to = to
      self.boxes = boxes
      self.total = total
      self.hamlets = hamlets
      self.perBox = perBox
    }
  }
}
