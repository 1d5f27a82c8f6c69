/// One change notification from HQ's Kafka feed (`ChangeMeta.to_json()`), decoded and validated.
///
/// Required: `document_id`, `domain` (non-empty strings), `document_type` (string), `is_deletion` (boolean).
/// `document_subtype` may be absent or null (deletions and locations carry none). The optional fields must have
/// their documented type when present and non-null; unknown fields are ignored. When the message carries the
/// document itself (inline mode), it is kept in `inlineDocument`.
public struct ChangeMeta: Sendable, Equatable {
    public var documentID: String
    public var documentType: String
    public var documentSubtype: String?
    public var domain: String
    public var isDeletion: Bool
    public var documentRev: String?
    public var dataSourceType: String?
    public var dataSourceName: String?
    public var publishTimestamp: String?
    public var attempts: Int64?
    public var originalPublicationDatetime: String?
    public var associatedDocumentID: String?
    /// The `document` member, when the producer put the document in the message (inline source).
    public var inlineDocument: JSONValue?

    public init(documentID: String, documentType: String, documentSubtype: String?, domain: String,
                isDeletion: Bool, documentRev: String? = nil, dataSourceType: String? = nil,
                dataSourceName: String? = nil, publishTimestamp: String? = nil, attempts: Int64? = nil,
                originalPublicationDatetime: String? = nil, associatedDocumentID: String? = nil,
                inlineDocument: JSONValue? = nil) {
        self.documentID = documentID
        self.documentType = documentType
        self.documentSubtype = documentSubtype
        self.domain = domain
        self.isDeletion = isDeletion
        self.documentRev = documentRev
        self.dataSourceType = dataSourceType
        self.dataSourceName = dataSourceName
        self.publishTimestamp = publishTimestamp
        self.attempts = attempts
        self.originalPublicationDatetime = originalPublicationDatetime
        self.associatedDocumentID = associatedDocumentID
        self.inlineDocument = inlineDocument
    }

    /// Longest accepted `document_id` / `domain` (HQ's columns are varchar(255)).
    public static let maxIdentifierLength = 255

    /// Decodes a Kafka message value.
    public static func decode(_ bytes: UnsafeRawBufferPointer, parser: JSONParser = JSONParser()) throws(ChangeMetaError) -> ChangeMeta {
        let value: JSONValue
        do { value = try parser.parse(bytes) } catch { throw .malformedJSON(error) }
        return try decode(value)
    }

    /// Decodes a Kafka message value held in an array.
    public static func decode(_ bytes: [UInt8], parser: JSONParser = JSONParser()) throws(ChangeMetaError) -> ChangeMeta {
        let value: JSONValue
        do { value = try parser.parse(bytes) } catch { throw .malformedJSON(error) }
        return try decode(value)
    }

    /// Decodes an already parsed message value.
    public static func decode(_ value: JSONValue) throws(ChangeMetaError) -> ChangeMeta {
        guard case .object(let o) = value else { throw .notAnObject(found: value.typeName) }
        let fields = Fields(object: o)
        let id = try fields.requiredIdentifier("document_id")
        let domain = try fields.requiredIdentifier("domain")
        let type = try fields.requiredString("document_type")
        guard let deletion = o["is_deletion"] else { throw .missingField("is_deletion") }
        guard case .bool(let isDeletion) = deletion else {
            throw .wrongType(field: "is_deletion", expected: "boolean", found: deletion.typeName)
        }
        var attempts: Int64?
        if let a = o["attempts"], !a.isNull {
            guard case .int(let n) = a, n >= 0 else {
                throw .wrongType(field: "attempts", expected: "non-negative integer", found: a.typeName)
            }
            attempts = n
        }
        let document = o["document"]
        return ChangeMeta(
            documentID: id, documentType: type, documentSubtype: try fields.optionalString("document_subtype"),
            domain: domain, isDeletion: isDeletion, documentRev: try fields.optionalString("document_rev"),
            dataSourceType: try fields.optionalString("data_source_type"),
            dataSourceName: try fields.optionalString("data_source_name"),
            publishTimestamp: try fields.optionalString("publish_timestamp"), attempts: attempts,
            originalPublicationDatetime: try fields.optionalString("original_publication_datetime"),
            associatedDocumentID: try fields.optionalString("associated_document_id"),
            inlineDocument: document?.isNull == true ? nil : document)
    }

    /// The message as HQ would publish it (used by the replay feed and tests).
    public var json: JSONValue {
        var o = JSONObject()
        o["document_id"] = .string(documentID)
        o["document_rev"] = documentRev.map(JSONValue.string) ?? .null
        o["data_source_type"] = dataSourceType.map(JSONValue.string) ?? .null
        o["data_source_name"] = dataSourceName.map(JSONValue.string) ?? .null
        o["document_type"] = .string(documentType)
        o["document_subtype"] = documentSubtype.map(JSONValue.string) ?? .null
        o["domain"] = .string(domain)
        o["is_deletion"] = .bool(isDeletion)
        o["publish_timestamp"] = publishTimestamp.map(JSONValue.string) ?? .null
        o["attempts"] = .int(attempts ?? 0)
        o["original_publication_datetime"] = originalPublicationDatetime.map(JSONValue.string) ?? .null
        o["associated_document_id"] = associatedDocumentID.map(JSONValue.string) ?? .null
        if let inlineDocument { o["document"] = inlineDocument }
        return .object(o)
    }
}

/// Typed access to the members of the message object.
private struct Fields {
    let object: JSONObject

    func requiredString(_ name: String) throws(ChangeMetaError) -> String {
        guard let v = object[name], !v.isNull else { throw .missingField(name) }
        guard case .string(let s) = v else { throw .wrongType(field: name, expected: "string", found: v.typeName) }
        return s
    }

    func requiredIdentifier(_ name: String) throws(ChangeMetaError) -> String {
        let s = try requiredString(name)
        guard !s.isEmpty else { throw .emptyField(name) }
        guard s.utf8.count <= ChangeMeta.maxIdentifierLength else {
            throw .fieldTooLong(name, length: s.utf8.count, limit: ChangeMeta.maxIdentifierLength)
        }
        guard !s.utf8.contains(where: { $0 < 0x20 }) else { throw .controlCharacter(field: name) }
        return s
    }

    func optionalString(_ name: String) throws(ChangeMetaError) -> String? {
        guard let v = object[name], !v.isNull else { return nil }
        guard case .string(let s) = v else { throw .wrongType(field: name, expected: "string or null", found: v.typeName) }
        return s
    }
}
