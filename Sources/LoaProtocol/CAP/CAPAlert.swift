import Crypto
import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A Common Alerting Protocol 1.2 alert (OASIS CAP v1.2), the parts Loa uses, parsed and checked
/// against the standard's rules. Documents with a DOCTYPE or entity declarations are refused
/// before parsing (CAP needs neither; it closes external entities and "billion laughs").
public struct CAPAlert: Sendable, Equatable {
  /// CAP 1.2 code lists (§3.2), spelled as the standard writes them.
  public enum Status: String, Sendable, CaseIterable {
    case actual = "Actual", exercise = "Exercise", system = "System", test = "Test", draft = "Draft"
  }
  public enum MsgType: String, Sendable, CaseIterable {
    case alert = "Alert", update = "Update", cancel = "Cancel", ack = "Ack", error = "Error"
  }
  public enum Scope: String, Sendable, CaseIterable {
    case `public` = "Public", restricted = "Restricted", `private` = "Private"
  }
  public enum Urgency: String, Sendable, CaseIterable {
    case immediate = "Immediate", expected = "Expected", future = "Future", past = "Past", unknown = "Unknown"
  }
  public enum Severity: String, Sendable, CaseIterable {
    case extreme = "Extreme", severe = "Severe", moderate = "Moderate", minor = "Minor", unknown = "Unknown"
  }
  public enum Certainty: String, Sendable, CaseIterable {
    case observed = "Observed", likely = "Likely", possible = "Possible", unlikely = "Unlikely", unknown = "Unknown"
  }

  public struct Info: Sendable, Equatable {
    public var language = "en-US"
    /// `senderName`: the agency's name as people know it.
    public var senderName: String?
    public var categories: [String] = []
    public var event = ""
    public var urgency = Urgency.unknown
    public var severity = Severity.unknown
    public var certainty = Certainty.unknown
    // As written, until `validate` reads them into the fields above.
    var urgencyText = ""
    var severityText = ""
    var certaintyText = ""
    public var headline: String?
    public var description: String?
    public var instruction: String?
    public var effective: Date?
    public var expires: Date?
  }
  public var identifier = ""
  public var sender = ""
  public var sent = Date.distantPast
  public var sentText = ""
  public var status = Status.draft
  public var msgType = MsgType.alert
  public var scope = Scope.private
  // As written, until `validate` reads them into the fields above.
  var statusText = ""
  var msgTypeText = ""
  var scopeText = ""
  public var references: [String] = []
  public var infos: [Info] = []

  public static let namespace = "urn:oasis:names:tc:emergency:cap:1.2"
  static let categories: Set = [
    "Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other",
  ]

  /// Parses and validates. Throws `CAPError` with a reason an operator can act on.
  public static func parse(_ xml: String) throws(CAPError) -> CAPAlert {
    guard xml.utf8.count <= 64 * 1024 else { throw CAPError(.tooLarge, "CAP alert larger than 64 KiB") }
    let upper = xml.uppercased()
    if upper.contains("<!DOCTYPE") || upper.contains("<!ENTITY") {
      throw CAPError(.capForbiddenXML, "CAP alerts may not carry a DOCTYPE or entity declarations")
    }
    // The text arrives as UTF-8 inside signed JSON: a declaration of another encoding (UTF-7 can
    // hide `<!DOCTYPE` as `+ADw-!DOCTYPE`) would make the XML reader see other characters than
    // the check above did.
    if let declared = declaredEncoding(xml), !["UTF-8", "UTF8"].contains(declared.uppercased()) {
      throw CAPError(
        .capForbiddenXML, "CAP alerts must be UTF-8; this one declares encoding '\(declared.prefix(32))'")
    }
    // No processing instructions but the XML declaration: CAP needs none, and Foundation's XML
    // reader crashes on one without data (`<?xm?>`, found by the fuzzer in bench/fuzz).
    if withoutDeclaration(xml).contains("<?") {
      throw CAPError(.capForbiddenXML, "CAP alerts may not carry processing instructions (<?…?>)")
    }
    let delegate = CAPParser()
    let parser = XMLParser(data: Data(xml.utf8))
    parser.shouldResolveExternalEntities = false
    parser.shouldProcessNamespaces = true
    parser.delegate = delegate
    let ok = parser.parse()
    if let problem = delegate.problem { throw problem }
    guard ok else {
      let e = parser.parserError.map { "\($0.localizedDescription)" } ?? "malformed XML"
      throw CAPError(.capMalformed, "CAP alert is not well-formed XML (line \(parser.lineNumber)): \(e)")
    }
    guard delegate.openElements == 0 else {
      throw CAPError(.capMalformed, "CAP alert is not well-formed XML: the document ends before </alert>")
    }
    guard delegate.sawAlert else {
      throw CAPError(.capInvalid, "no <alert> element in the CAP namespace \(namespace)")
    }
    var a = delegate.alert
    try a.validate()
    a.sent = try Self.date(a.sentText, "sent")
    return a
  }

  /// The text after a leading XML declaration (`<?xml` and white space … `?>`), or all of it.
  static func withoutDeclaration(_ xml: String) -> Substring {
    let head = xml.drop { $0 == "\u{FEFF}" || $0.isWhitespace }
    guard head.hasPrefix("<?xml"), let sixth = head.dropFirst(5).first, sixth.isWhitespace,
      let end = head.range(of: "?>"),
      // A declaration holds no markup: `<?xml v1L>\n<?x?>` is not one ending at the second `?>`.
      !head[head.index(head.startIndex, offsetBy: 2)..<end.lowerBound].contains("<")
    else { return xml[...] }
    return head[end.upperBound...]
  }

  /// The `encoding` of the XML declaration, if the text starts with one.
  static func declaredEncoding(_ xml: String) -> String? {
    let head = xml.drop { $0 == "\u{FEFF}" || $0.isWhitespace }
    guard head.hasPrefix("<?xml"), let end = head.range(of: "?>") else { return nil }
    let decl = head[..<end.lowerBound]
    guard let e = decl.range(of: "encoding") else { return nil }
    let rest = decl[e.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
    guard let q = rest.first, q == "\"" || q == "'" else { return String(rest.prefix(32)) }
    return String(rest.dropFirst().prefix { $0 != q })
  }

  mutating func validate() throws(CAPError) {
    for (name, v) in [
      ("identifier", identifier), ("sender", sender), ("sent", sentText), ("status", statusText),
      ("msgType", msgTypeText), ("scope", scopeText),
    ] where v.isEmpty {
      throw CAPError(.capInvalid, "<\(name)> is required")
    }
    for (name, v) in [("identifier", identifier), ("sender", sender)]
    where v.contains(where: { $0 == " " || $0 == "," || $0 == "<" || $0 == "&" }) {
      throw CAPError(.capInvalid, "<\(name)> may not contain spaces, commas, '<' or '&'")
    }
    guard let s = Status(rawValue: statusText) else {
      throw CAPError(.capInvalid, "<status> '\(statusText)' is not a CAP 1.2 status")
    }
    guard let t = MsgType(rawValue: msgTypeText) else {
      throw CAPError(.capInvalid, "<msgType> '\(msgTypeText)' is not a CAP 1.2 type")
    }
    guard let sc = Scope(rawValue: scopeText) else {
      throw CAPError(.capInvalid, "<scope> '\(scopeText)' is not a CAP 1.2 scope")
    }
    (status, msgType, scope) = (s, t, sc)
    if (msgType == .update || msgType == .cancel) && references.isEmpty {
      throw CAPError(.capInvalid, "a \(msgType.rawValue) needs <references> (sender,identifier,sent)")
    }
    for r in references where r.split(separator: ",").count != 3 {
      throw CAPError(.capInvalid, "<references> entry '\(r)' must be sender,identifier,sent")
    }
    for k in infos.indices {
      let i = infos[k]
      guard !i.categories.isEmpty, i.categories.allSatisfy(Self.categories.contains) else {
        throw CAPError(.capInvalid, "<info> needs one or more valid <category> values")
      }
      guard !i.event.isEmpty else { throw CAPError(.capInvalid, "<info> needs <event>") }
      guard let u = Urgency(rawValue: i.urgencyText) else {
        throw CAPError(.capInvalid, "<urgency> '\(i.urgencyText)' is not valid")
      }
      guard let sv = Severity(rawValue: i.severityText) else {
        throw CAPError(.capInvalid, "<severity> '\(i.severityText)' is not valid")
      }
      guard let c = Certainty(rawValue: i.certaintyText) else {
        throw CAPError(.capInvalid, "<certainty> '\(i.certaintyText)' is not valid")
      }
      (infos[k].urgency, infos[k].severity, infos[k].certainty) = (u, sv, c)
    }
  }

  /// CAP dateTime: `2026-11-23T10:43:00+07:00`; a letter zone such as `Z` is not allowed (CAP 1.2 §3.3.2).
  static func date(_ s: String, _ field: String) throws(CAPError) -> Date {
    let t = s.trimmingCharacters(in: .whitespaces)
    if t.hasSuffix("Z") || t.hasSuffix("z") {
      throw CAPError(.capInvalid, "<\(field)> '\(t)': CAP 1.2 forbids 'Z'; write the offset, e.g. +07:00 or -00:00")
    }
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    guard let d = f.date(from: t) else {
      throw CAPError(.capInvalid, "<\(field)> '\(t)' is not a CAP dateTime (YYYY-MM-DDThh:mm:ss+hh:mm)")
    }
    return d
  }

  /// The Loa job id of an alert: the same sender, identifier and sent always give the same id, so
  /// a duplicate (or the target of an Update or Cancel) is found by id.
  public static func jobId(sender: String, identifier: String, sent: String) -> String {
    let h = Array(SHA256.hash(data: Data("cap|\(sender)|\(identifier)|\(sent)".utf8)))
    var b = Array(h.prefix(16))
    b[6] = (b[6] & 0x0f) | 0x50  // version 5-like (name-based)
    b[8] = (b[8] & 0x3f) | 0x80
    let hex = b.map { String(format: "%02x", $0) }.joined()
    let p = Array(hex)
    return "\(String(p[0..<8]))-\(String(p[8..<12]))-\(String(p[12..<16]))-\(String(p[16..<20]))-\(String(p[20..<32]))"
  }

  public var jobId: String { Self.jobId(sender: sender, identifier: identifier, sent: sentText) }

  /// Job ids of the alerts this one refers to.
  public var referencedJobIds: [String] {
    references.compactMap {
      let p = $0.split(separator: ",").map(String.init)
      return p.count == 3 ? Self.jobId(sender: p[0], identifier: p[1], sent: p[2]) : nil
    }
  }

  /// The info block to air: Vietnamese if there is one, else the first.
  public var vietnamese: Info? {
    infos.first { $0.language.lowercased().hasPrefix("vi") } ?? infos.first
  }
}

public struct CAPError: Error, Sendable, Equatable, CustomStringConvertible {
  public var code: Rejection.Reason
  public var message: String
  public init(_ code: Rejection.Reason, _ message: String) {
    self.code = code
    self.message = message
  }
  public var description: String { message }
}

/// SAX collection of the CAP elements Loa reads.
final class CAPParser: NSObject, XMLParserDelegate {
  var alert = CAPAlert()
  var sawAlert = false
  var problem: CAPError?
  private var path: [String] = []
  var openElements: Int { path.count }
  private var text = ""
  private var info: CAPAlert.Info?

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    if path.isEmpty {
      guard name == "alert", namespaceURI == CAPAlert.namespace else {
        problem = CAPError(
          .capInvalid,
          "the root must be <alert> in the CAP 1.2 namespace \(CAPAlert.namespace), got <\(name)> in namespace '\(namespaceURI ?? "")'"
        )
        parser.abortParsing()
        return
      }
      sawAlert = true
    }
    if name == "info" && path == ["alert"] { info = CAPAlert.Info() }
    path.append(name)
    text = ""
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
    let v = text.trimmingCharacters(in: .whitespacesAndNewlines)
    let parent = path.dropLast().last
    if parent == "alert" {
      switch name {
      case "identifier": alert.identifier = v
      case "sender": alert.sender = v
      case "sent": alert.sentText = v
      case "status": alert.statusText = v
      case "msgType": alert.msgTypeText = v
      case "scope": alert.scopeText = v
      case "references": alert.references = v.split(separator: " ").map(String.init)
      case "info": if let i = info { alert.infos.append(i) }
      default: break
      }
    } else if parent == "info", info != nil {
      switch name {
      case "language": info!.language = v
      case "senderName": info!.senderName = v
      case "category": info!.categories.append(v)
      case "event": info!.event = v
      case "urgency": info!.urgencyText = v
      case "severity": info!.severityText = v
      case "certainty": info!.certaintyText = v
      case "headline": info!.headline = v
      case "description": info!.description = v
      case "instruction": info!.instruction = v
      case "expires":
        do { info!.expires = try CAPAlert.date(v, "expires") } catch {
          problem = error
          parser.abortParsing()
        }
      case "effective":
        do { info!.effective = try CAPAlert.date(v, "effective") } catch {
          problem = error
          parser.abortParsing()
        }
      default: break
      }
    }
    path.removeLast()
    text = ""
  }
}
