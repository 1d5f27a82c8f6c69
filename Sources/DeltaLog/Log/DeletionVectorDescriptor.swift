/// Where a data file's deletion vector is, as the `deletionVector` struct of `add`/`remove`:
/// `storageType` `u` (file named by a UUID relative to the table), `p` (absolute path) or `i` (inline,
/// base85 in `pathOrInlineDv`); `offset` into the file, `sizeInBytes`, and `cardinality` (deleted rows).
public struct DeletionVectorDescriptor: Sendable, Hashable {
    public var storageType: String
    public var pathOrInlineDv: String
    public var offset: Int32?
    public var sizeInBytes: Int32
    public var cardinality: Int64

    public init(storageType: String, pathOrInlineDv: String, offset: Int32?, sizeInBytes: Int32, cardinality: Int64) {
        self.storageType = storageType
        self.pathOrInlineDv = pathOrInlineDv
        self.offset = offset
        self.sizeInBytes = sizeInBytes
        self.cardinality = cardinality
    }

    /// The protocol's identity of a deletion vector: storage type and location, plus `@offset` when present.
    /// Together with the data file's path it is the key of a logical file.
    public var uniqueId: String {
        storageType + pathOrInlineDv + (offset.map { "@\($0)" } ?? "")
    }

    /// Whether ``init(json:)`` accepts this descriptor's ``json`` (it refuses negative sizes, offsets and counts).
    var decodesAsItself: Bool { sizeInBytes >= 0 && (offset ?? 0) >= 0 && cardinality >= 0 }

    init(json: JSONValue) throws(ActionFieldError) {
        let f = try ActionFields("deletionVector", json)
        storageType = try f.string("storageType")
        pathOrInlineDv = try f.string("pathOrInlineDv")
        guard let size = Int32(exactly: try f.int("sizeInBytes")), size >= 0 else {
            throw ActionFieldError(detail: "deletionVector.sizeInBytes is out of range")
        }
        sizeInBytes = size
        if let o = try f.optionalInt("offset") {
            guard let o32 = Int32(exactly: o), o32 >= 0 else { throw ActionFieldError(detail: "deletionVector.offset is out of range") }
            offset = o32
        } else {
            offset = nil
        }
        cardinality = try f.int("cardinality")
        guard cardinality >= 0 else { throw ActionFieldError(detail: "deletionVector.cardinality is negative") }
    }

    var json: JSONValue {
        .members([
            ("storageType", .string(storageType)),
            ("pathOrInlineDv", .string(pathOrInlineDv)),
            ("offset", offset.map { .int(Int64($0)) }),
            ("sizeInBytes", .int(Int64(sizeInBytes))),
            ("cardinality", .int(cardinality)),
        ])
    }
}
