/// The embedded replay source: a JSONL file of changes, documents, users and locations, used by the demo and tests
/// in place of Kafka + HQ. One JSON object per line, by `kind`:
///
/// - `{"kind": "change", "topic": "case-sql", "partition": 0, "key": "…", "change": {ChangeMeta}, "document": {…}}`
///   (`partition`, `key`, `document` optional; the last document of an id is the one served, as HQ serves the
///   current version);
/// - `{"kind": "user", "user_id": "…", "location_id": "…"}`;
/// - `{"kind": "location", "location_id": "…", "type": "supervisor", "parent_id": "…", "name": "…",
///   "site_code": "…", "latitude": 1.0, "longitude": 2.0, "is_archived": false}`.
///
/// Offsets are assigned in file order per (topic, partition), from 0. Blank lines are skipped.
public struct ReplayFeed: Sendable {
    public private(set) var messages: [IncomingMessage] = []
    public private(set) var documents: [ChangeTopic: [String: JSONValue]] = [:]
    public private(set) var directory = StaticLocationDirectory()

    public init(jsonl text: String) throws(DocumentSourceError) {
        let parser = JSONParser()
        var offsets: [String: Int64] = [:]
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\r" || $0 == "\t" }) { continue }
            let v: JSONValue
            do { v = try parser.parse(String(line)) } catch { throw .replay(line: lineNumber, reason: "\(error)") }
            switch v["kind"]?.stringValue {
            case "change":
                guard let topicName = v["topic"]?.stringValue, let change = v["change"] else {
                    throw .replay(line: lineNumber, reason: "a change needs topic and change")
                }
                var partition: Int32 = 0
                if let p = v["partition"] {
                    guard case .int(let n) = p, let p32 = Int32(exactly: n), p32 >= 0 else {
                        throw .replay(line: lineNumber, reason: "partition must be a small non-negative integer")
                    }
                    partition = p32
                }
                let slot = "\(topicName)/\(partition)"
                let offset = offsets[slot, default: 0]
                offsets[slot] = offset + 1
                messages.append(IncomingMessage(topic: topicName, partition: partition, offset: offset,
                                                key: v["key"]?.stringValue.map { Array($0.utf8) }, value: change.jsonBytes))
                if let doc = v["document"], let topic = ChangeTopic(rawValue: topicName),
                   let id = change["document_id"]?.stringValue {
                    documents[topic, default: [:]][id] = doc
                }
            case "user":
                guard let u = v["user_id"]?.stringValue, let l = v["location_id"]?.stringValue else {
                    throw .replay(line: lineNumber, reason: "a user needs user_id and location_id")
                }
                directory.users[u] = l
            case "location":
                guard let id = v["location_id"]?.stringValue, let type = v["type"]?.stringValue else {
                    throw .replay(line: lineNumber, reason: "a location needs location_id and type")
                }
                let node = LocationNode(locationID: id, typeName: type, name: v["name"]?.stringValue,
                                        siteCode: v["site_code"]?.stringValue, latitude: Self.number(v["latitude"]),
                                        longitude: Self.number(v["longitude"]), isArchived: v["is_archived"] == .bool(true))
                directory.locations[id] = (node, v["parent_id"]?.stringValue)
            default:
                throw .replay(line: lineNumber, reason: "kind must be change, user or location")
            }
        }
    }

    static func number(_ v: JSONValue?) -> Double? {
        switch v {
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        default: return nil
        }
    }

    /// The document source serving this feed's documents.
    public var source: ReplayDocumentSource { ReplayDocumentSource(documents: documents) }
}
