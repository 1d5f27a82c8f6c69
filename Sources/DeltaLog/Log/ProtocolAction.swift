/// The `protocol` action: the reader and writer versions and, from reader version 3 / writer version 7,
/// the named table features a client must support to read or write the table.
public struct ProtocolAction: Sendable, Hashable {
    public var minReaderVersion: Int
    public var minWriterVersion: Int
    public var readerFeatures: [String]?
    public var writerFeatures: [String]?

    public init(minReaderVersion: Int, minWriterVersion: Int, readerFeatures: [String]? = nil, writerFeatures: [String]? = nil) {
        self.minReaderVersion = minReaderVersion
        self.minWriterVersion = minWriterVersion
        self.readerFeatures = readerFeatures
        self.writerFeatures = writerFeatures
    }

    /// The reader feature that marks a table whose data files are SwiftLake columnar files, not Parquet.
    /// A stock Delta reader does not know it and therefore refuses the table instead of misreading it.
    public static let swiftLakeColumnarFeature = "swiftlakeColumnarFiles"

    /// Reader features SwiftLake implements.
    public static let supportedReaderFeatures: Set<String> = [
        "columnMapping", "deletionVectors", "timestampNtz", "typeWidening", "typeWidening-preview", "vacuumProtocolCheck",
        "v2Checkpoint", swiftLakeColumnarFeature,
    ]

    /// Writer features SwiftLake implements (or whose rules its writes cannot break).
    public static let supportedWriterFeatures: Set<String> = [
        "appendOnly", "columnMapping", "deletionVectors", "timestampNtz", "typeWidening", "typeWidening-preview",
        "changeDataFeed", "vacuumProtocolCheck", swiftLakeColumnarFeature,
    ]

    /// The protocol of a new SwiftLake table: reader 3 / writer 7 with column mapping, deletion vectors and type
    /// widening, plus the columnar-files feature when its data files are in SwiftLake's own format.
    public static func forNewTable(columnarFiles: Bool) -> ProtocolAction {
        var reader = ["columnMapping", "deletionVectors", "typeWidening"]
        var writer = ["columnMapping", "deletionVectors", "typeWidening"]
        if columnarFiles {
            reader.append(swiftLakeColumnarFeature)
            writer.append(swiftLakeColumnarFeature)
        }
        return ProtocolAction(minReaderVersion: 3, minWriterVersion: 7, readerFeatures: reader, writerFeatures: writer)
    }

    /// Reader features this table needs that SwiftLake lacks (empty when it can read the table).
    public var unsupportedReaderFeatures: [String] {
        if minReaderVersion > 3 { return ["readerVersion\(minReaderVersion)"] }
        return (readerFeatures ?? []).filter { !Self.supportedReaderFeatures.contains($0) }
    }

    /// Writer features this table needs that SwiftLake lacks (empty when it can write the table).
    public var unsupportedWriterFeatures: [String] {
        if minWriterVersion > 7 { return ["writerVersion\(minWriterVersion)"] }
        return (writerFeatures ?? []).filter { !Self.supportedWriterFeatures.contains($0) }
    }

    /// Whether the table's data files are SwiftLake columnar files.
    public var usesColumnarFiles: Bool { readerFeatures?.contains(Self.swiftLakeColumnarFeature) ?? false }

    init(json: JSONValue) throws(ActionFieldError) {
        let f = try ActionFields("protocol", json)
        minReaderVersion = Int(try f.int("minReaderVersion"))
        minWriterVersion = Int(try f.int("minWriterVersion"))
        readerFeatures = try f.stringArray("readerFeatures")
        writerFeatures = try f.stringArray("writerFeatures")
    }

    var json: JSONValue {
        .members([
            ("minReaderVersion", .int(Int64(minReaderVersion))),
            ("minWriterVersion", .int(Int64(minWriterVersion))),
            ("readerFeatures", readerFeatures.map { .array($0.map(JSONValue.string)) }),
            ("writerFeatures", writerFeatures.map { .array($0.map(JSONValue.string)) }),
        ])
    }
}
