import Columnar
import Metastore

extension TableIdentity {
    /// The catalog entry of this table: its sanitised name in `database`, its location under `warehouse`, the
    /// columns of `schema`, and those of `partitionColumns` that the schema has (in the configured order).
    public func tableDefinition(database: String, warehouse: String, schema: Schema, partitionColumns: [String],
                                format: DataFormat = .columnar) -> TableDefinition {
        TableDefinition(database: database, name: tableName, location: location(warehouse: warehouse), format: format,
                        columns: [TableColumn](schema),
                        partitionColumns: partitionColumns.filter { schema.index(of: $0) != nil })
    }
}
