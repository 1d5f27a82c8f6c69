/// A document fetched for a change: its id and its JSON (HQ's `to_json()` shape).
public struct SourceDocument: Sendable, Equatable {
    public var id: String
    public var document: JSONValue

    public init(id: String, document: JSONValue) {
        self.id = id
        self.document = document
    }
}
