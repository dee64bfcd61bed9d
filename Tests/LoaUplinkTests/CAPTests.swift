import Foundation
import LoaProtocol
import Testing

func capXML(
  identifier: String = "VN-NCHMF-2026-0917", sent: String = "2026-11-23T10:00:00+07:00", status: String = "Actual",
  msgType: String = "Alert", references: String? = nil, severity: String = "Extreme", urgency: String = "Immediate",
  expires: String = "2099-01-01T00:00:00+07:00", language: String = "vi-VN", extraInfo: String = ""
) -> String {
  """
  <?xml version="1.0" encoding="UTF-8"?>
  <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
    <identifier>\(identifier)</identifier>
    <sender>canhbao@nchmf.gov.vn</sender>
    <sent>\(sent)</sent>
    <status>\(status)</status>
    <msgType>\(msgType)</msgType>
    <scope>Public</scope>
    \(references.map { "<references>\($0)</references>" } ?? "")
    <info>
      <language>en-US</language>
      <category>Met</category>
      <event>Typhoon</event>
      <urgency>\(urgency)</urgency>
      <severity>\(severity)</severity>
      <certainty>Observed</certainty>
      <headline>Typhoon No. 9 approaching</headline>
    </info>
    <info>
      <language>\(language)</language>
      <category>Met</category>
      <event>Bão</event>
      <urgency>\(urgency)</urgency>
      <severity>\(severity)</severity>
      <certainty>Observed</certainty>
      <expires>\(expires)</expires>
      <headline>Bão số 9 đang tiến vào đất liền</headline>
      <description>Gió mạnh cấp 12, giật cấp 14.</description>
      <instruction>Bà con chằng chống nhà cửa, không ra biển</instruction>
      \(extraInfo)
      <area><areaDesc>Tỉnh Quảng Ngãi</areaDesc></area>
    </info>
  </alert>
  """
}

@Suite struct CAPTests {
  @Test func aVietnameseAlertIsReadFromItsViInfo() throws {
    let a = try CAPAlert.parse(capXML())
    #expect(a.identifier == "VN-NCHMF-2026-0917" && a.sender == "canhbao@nchmf.gov.vn")
    #expect(a.infos.count == 2)
    let vi = try #require(a.vietnamese)
    #expect(vi.headline == "Bão số 9 đang tiến vào đất liền")
    #expect(vi.instruction == "Bà con chằng chống nhà cửa, không ra biển")
    #expect(a.sent == ISO8601DateFormatter().date(from: "2026-11-23T03:00:00Z"))
    #expect(a.jobId == CAPAlert.jobId(sender: a.sender, identifier: a.identifier, sent: "2026-11-23T10:00:00+07:00"))
    #expect(UUID(uuidString: a.jobId) != nil)
  }

  @Test(arguments: [
    (capXML(sent: "2026-11-23T03:00:00Z"), "cap_invalid", "forbids 'Z'"),
    (capXML(status: "Maybe"), "cap_invalid", "<status>"),
    (capXML(msgType: "Update"), "cap_invalid", "needs <references>"),
    (capXML(msgType: "Cancel", references: "a,b"), "cap_invalid", "sender,identifier,sent"),
    (capXML(severity: "Catastrophic"), "cap_invalid", "<severity>"),
    (capXML(identifier: "has space"), "cap_invalid", "<identifier>"),
    (capXML(identifier: ""), "cap_invalid", "<identifier> is required"),
    (capXML(expires: "tomorrow"), "cap_invalid", "<expires>"),
    (capXML().replacingOccurrences(of: "<category>Met</category>", with: ""), "cap_invalid", "<category>"),
    (capXML().replacingOccurrences(of: "cap:1.2", with: "cap:1.1"), "cap_invalid", "namespace"),
    ("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>x</identifier>", "cap_malformed", "XML"),
    ("not xml at all", "cap_malformed", "XML"),
    (
      """
      <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
      <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol2;</identifier></alert>
      """, "cap_forbidden_xml", "DOCTYPE"
    ),
    (
      """
      <?xml version="1.0"?><!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&xxe;</identifier></alert>
      """, "cap_forbidden_xml", "DOCTYPE"
    ),
    (String(repeating: " ", count: 70_000), "too_large", "64 KiB"),
    // A DOCTYPE hidden from the check by declaring UTF-7 (`+ADw-` is `<`).
    (
      capXML().replacingOccurrences(of: "encoding=\"UTF-8\"?>", with: "encoding=\"UTF-7\"?>+ADw-!DOCTYPE alert+AD4-"),
      "cap_forbidden_xml", "UTF-7"
    ),
    (
      capXML().replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding='ISO-8859-1'"), "cap_forbidden_xml",
      "UTF-8"
    ),
    // Found by bench/fuzz: Foundation's XML reader crashed (SEGV) on a processing instruction
    // without data.
    ("<?xm?>\n<alerl?xvn/m", "cap_forbidden_xml", "processing instructions"),
    ("<?xml v1L>\n<?x?>ne", "cap_forbidden_xml", "processing instructions"),
    (capXML().replacingOccurrences(of: "<scope>", with: "<?pi?><scope>"), "cap_forbidden_xml", "processing"),
  ])
  func badAlertsAreRefusedWithAReason(_ xml: String, _ code: String, _ needle: String) {
    #expect {
      _ = try CAPAlert.parse(xml)
    } throws: { e in
      guard let e = e as? CAPError else { return false }
      return e.code.rawValue == code && e.message.contains(needle)
    }
  }

  @Test func referencesPointAtTheJobsOfEarlierAlerts() throws {
    let first = try CAPAlert.parse(capXML())
    let update = try CAPAlert.parse(
      capXML(
        identifier: "VN-NCHMF-2026-0918", sent: "2026-11-23T11:00:00+07:00", msgType: "Update",
        references: "canhbao@nchmf.gov.vn,VN-NCHMF-2026-0917,2026-11-23T10:00:00+07:00"))
    #expect(update.referencedJobIds == [first.jobId])
    #expect(update.jobId != first.jobId)
  }
}
