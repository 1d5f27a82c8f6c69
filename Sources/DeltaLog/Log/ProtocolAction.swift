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
    /// A Parquet table declares only column mapping at first, so every Delta reader that supports column
    /// mapping opens it; features are added when first used (``adding(feature:)``).
    public static func forNewTable(columnarFiles: Bool, columnMapping: Bool = true) -> ProtocolAction {
        if columnarFiles {
            let features = ["columnMapping", "deletionVectors", "typeWidening", swiftLakeColumnarFeature]
            return ProtocolAction(minReaderVersion: 3, minWriterVersion: 7, readerFeatures: features, writerFeatures: features)
        }
        if columnMapping {
            return ProtocolAction(minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ["columnMapping"], writerFeatures: ["columnMapping"])
        }
        // The most widely readable protocol (reader 1, writer 2), as delta-rs creates tables.
        return ProtocolAction(minReaderVersion: 1, minWriterVersion: 2)
    }

    /// This protocol with a reader-and-writer feature added; nil when it is already there.
    public func adding(feature: String) -> ProtocolAction? {
        guard minReaderVersion >= 3, minWriterVersion >= 7 else {
            return ProtocolAction(minReaderVersion: 3, minWriterVersion: 7, readerFeatures: [feature], writerFeatures: [feature])
                .mergingLegacy(self)
        }
        if readerFeatures?.contains(feature) == true && writerFeatures?.contains(feature) == true { return nil }
        var p = self
        if p.readerFeatures?.contains(feature) != true { p.readerFeatures = (p.readerFeatures ?? []) + [feature] }
        if p.writerFeatures?.contains(feature) != true { p.writerFeatures = (p.writerFeatures ?? []) + [feature] }
        return p
    }

    /// Legacy (pre-feature) protocols imply features by version; keep the ones SwiftLake relies on.
    private func mergingLegacy(_ old: ProtocolAction) -> ProtocolAction {
        var p = self
        var writer = p.writerFeatures ?? []
        if old.minWriterVersion >= 2 { writer += ["appendOnly", "invariants"] }
        if old.minWriterVersion >= 3 { writer += ["checkConstraints"] }
        if old.minWriterVersion >= 4 { writer += ["changeDataFeed", "generatedColumns"] }
        if old.minWriterVersion >= 5 { writer += ["columnMapping"] }
        if old.minWriterVersion >= 6 { writer += ["identityColumns"] }
        p.writerFeatures = writer
        if old.minReaderVersion >= 2 { p.readerFeatures = (p.readerFeatures ?? []) + ["columnMapping"] }
        return p
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
