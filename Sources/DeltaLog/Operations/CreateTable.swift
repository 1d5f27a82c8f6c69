import Columnar
import Foundation

/// Options for a new table.
public struct TableDefinition: Sendable {
    public var schema: Schema
    public var partitionColumns: [String]
    /// Table properties (`delta.checkpointInterval`, `swiftlake.autoMerge`, ...), stored in the configuration.
    public var properties: [String: String]
    public var name: String?
    public var description: String?
    /// Whether data files are SwiftLake columnar files (the default) or Parquet.
    public var columnarFiles: Bool
    /// Column mapping by field id (the default): rename and drop column are metadata-only. Turn it off only
    /// for Parquet tables that readers without column mapping (delta-rs 1.x) must read.
    public var columnMapping: Bool

    public init(schema: Schema, partitionColumns: [String] = [], properties: [String: String] = [:],
                name: String? = nil, description: String? = nil, columnarFiles: Bool = true, columnMapping: Bool = true) {
        self.schema = schema
        self.partitionColumns = partitionColumns
        self.properties = properties
        self.name = name
        self.description = description
        self.columnarFiles = columnarFiles
        self.columnMapping = columnMapping || columnarFiles
    }
}

extension DeltaTable {
    /// Creates the table as version 0. With `ifNotExists`, an existing table is returned as is; otherwise an
    /// existing table is ``DeltaLogError/tableAlreadyExists(root:)`` — also when another process creates it
    /// at the same instant (the put-if-absent of version 0 decides).
    @discardableResult
    public func create(_ definition: TableDefinition, ifNotExists: Bool = false) throws(DeltaLogError) -> Snapshot {
        if try exists() {
            if ifNotExists { return try snapshot() }
            throw .tableAlreadyExists(root: location)
        }
        let schema = try TableSchema(definition.schema, columnMapping: definition.columnMapping)
        guard definition.partitionColumns.count < schema.columns.count else {
            throw .invalidSchema(detail: "at least one column must not be a partition column")
        }
        guard Set(definition.partitionColumns).count == definition.partitionColumns.count else {
            throw .invalidSchema(detail: "a partition column is listed twice")
        }
        for p in definition.partitionColumns {
            guard let c = schema.column(named: p) else { throw .unknownColumn(p) }
            guard c.type != .binary && c.type != .json else { throw .invalidSchema(detail: "cannot partition by \(c.type) column '\(p)'") }
        }
        var config = definition.properties
        for (k, v) in schema.columnMappingConfiguration { config[k] = v }
        if definition.columnarFiles { config["delta.enableDeletionVectors"] = config["delta.enableDeletionVectors"] ?? "true" }
        let metadata = Metadata(id: UUID().uuidString.lowercased(), name: definition.name, description: definition.description,
                                formatProvider: definition.columnarFiles ? "swiftlake" : "parquet",
                                schemaString: schema.schemaString, partitionColumns: definition.partitionColumns,
                                configuration: config, createdTime: Transaction.nowMillis())
        var tx = try Transaction(table: self, snapshot: nil, isolation: .serializable)
        tx.updateProtocol(.forNewTable(columnarFiles: definition.columnarFiles, columnMapping: definition.columnMapping))
        tx.updateMetadata(metadata)
        do {
            try tx.commit(operation: "CREATE TABLE", parameters: [
                "partitionBy": JSONValue.array(definition.partitionColumns.map(JSONValue.string)).serialized,
                "properties": JSONValue.map(definition.properties).serialized,
            ])
        } catch .tableAlreadyExists(let root) {
            if ifNotExists { return try snapshot() }
            throw .tableAlreadyExists(root: root)
        }
        return try snapshot(version: 0)
    }
}
