/// What a transform knows about the record it works on.
public struct TransformContext: Sendable {
    public var table: TableIdentity
    public var documentID: String

    public init(table: TableIdentity, documentID: String) {
        self.table = table
        self.documentID = documentID
    }

    public var topic: ChangeTopic { table.topic }
}
