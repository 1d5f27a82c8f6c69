import Testing
@testable import Ingest

@Suite struct ChangeMetaTests {
    static let formChange = #"""
    {"document_id": "6c1f9b2e4d8a4f0e9a7b3c5d1e2f4a6b", "document_rev": null, "data_source_type": "sql",
     "data_source_name": "form-sql", "document_type": "XFormInstance",
     "document_subtype": "http://openrosa.org/formdesigner/F8AE9C85-38E3-4B84-BD16-0198C4907FD9",
     "domain": "inp-dashboard", "is_deletion": false, "publish_timestamp": "2021-03-01T10:15:31.204518Z",
     "attempts": 0, "original_publication_datetime": "2021-03-01T10:15:31.204518Z", "associated_document_id": null,
     "some_future_field": {"x": [1, 2]}}
    """#

    @Test func decodesHQsFormMessage() throws {
        let c = try ChangeMeta.decode(Array(Self.formChange.utf8))
        #expect(c.documentID == "6c1f9b2e4d8a4f0e9a7b3c5d1e2f4a6b")
        #expect(c.documentType == "XFormInstance")
        #expect(c.documentSubtype == "http://openrosa.org/formdesigner/F8AE9C85-38E3-4B84-BD16-0198C4907FD9")
        #expect(c.domain == "inp-dashboard")
        #expect(c.isDeletion == false)
        #expect(c.dataSourceName == "form-sql")
        #expect(c.attempts == 0)
        #expect(c.publishTimestamp == "2021-03-01T10:15:31.204518Z")
        #expect(c.documentRev == nil && c.associatedDocumentID == nil && c.inlineDocument == nil)
        // Round trip through the HQ-shaped JSON.
        #expect(try ChangeMeta.decode(c.json) == c)
    }

    @Test func deletionWithoutSubtype() throws {
        let c = try ChangeMeta.decode(Array(#"{"document_id": "d41e", "document_type": "CommCareCase-Deleted", "domain": "d", "is_deletion": true}"#.utf8))
        #expect(c.isDeletion && c.documentSubtype == nil)
    }

    @Test func inlineDocumentIsKept() throws {
        let c = try ChangeMeta.decode(Array(#"{"document_id": "x", "document_type": "CommCareCase", "domain": "d", "is_deletion": false, "document": {"_id": "x", "n": 1}}"#.utf8))
        #expect(c.inlineDocument?["n"] == .int(1))
    }

    @Test func malformedMessagesHaveTypedErrors() {
        let base = #""document_type": "T", "domain": "d", "is_deletion": false"#
        let cases: [(String, ChangeMetaError)] = [
            ("[1]", .notAnObject(found: "array")),
            ("{\(base)}", .missingField("document_id")),
            (#"{"document_id": null, \#(base)}"#, .missingField("document_id")),
            (#"{"document_id": 5, \#(base)}"#, .wrongType(field: "document_id", expected: "string", found: "integer")),
            (#"{"document_id": "", \#(base)}"#, .emptyField("document_id")),
            (#"{"document_id": "a\nb", \#(base)}"#, .controlCharacter(field: "document_id")),
            (#"{"document_id": "\#(String(repeating: "x", count: 256))", \#(base)}"#, .fieldTooLong("document_id", length: 256, limit: 255)),
            (#"{"document_id": "a", "document_type": "T", "domain": "d"}"#, .missingField("is_deletion")),
            (#"{"document_id": "a", "document_type": "T", "domain": "d", "is_deletion": "false"}"#,
             .wrongType(field: "is_deletion", expected: "boolean", found: "string")),
            (#"{"document_id": "a", \#(base), "document_subtype": 3}"#,
             .wrongType(field: "document_subtype", expected: "string or null", found: "integer")),
            (#"{"document_id": "a", \#(base), "attempts": -1}"#,
             .wrongType(field: "attempts", expected: "non-negative integer", found: "integer")),
            ("{\"document_id\": \"a\"", .malformedJSON(.unexpectedEnd(offset: 19))),
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text)") { try ChangeMeta.decode(Array(text.utf8)) }
        }
    }
}
