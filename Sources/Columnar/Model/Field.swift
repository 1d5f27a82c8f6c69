/// One column of a schema: a name, a stable integer id that survives renames (Delta column mapping and
/// schema evolution rely on it), a logical type, and whether nulls are allowed.
public struct Field: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var id: Int32
    public var type: DataType
    public var nullable: Bool

    public init(name: String, id: Int32, type: DataType, nullable: Bool = true) {
        self.name = name
        self.id = id
        self.type = type
        self.nullable = nullable
    }

    public var description: String { "\(name)#\(id): \(type)\(nullable ? "?" : "")" }
}
