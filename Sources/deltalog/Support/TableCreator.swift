import Columnar
import DeltaLog
import Metastore

/// Creates a table at a path, or as `db.table` in the catalog (creating the database when needed), with
/// everything the catalog would refuse refused before the table's directory is written.
struct TableCreator {
    let reference: TableReference
    let catalog: CatalogOptions
    /// The directory for a catalog table; default `<warehouse>/<db>/<table>`.
    var location: String?
    var schema: Schema
    var partitionBy: [String] = []
    var columnarFiles = true
    var properties: [String: String] = [:]

    func create() throws -> (TableLocation, Snapshot) {
        for p in partitionBy where schema.field(named: p) == nil {
            throw CLIError.failed("partition column '\(p)' is not a column (columns: \(schema.fields.map(\.name).joined(separator: ", ")))")
        }
        let definition = DeltaLog.TableDefinition(schema: schema, partitionColumns: partitionBy, properties: properties,
                                                  name: nil, columnarFiles: columnarFiles)
        switch reference {
        case let .path(path):
            let snapshot = try createDelta(at: path, label: path, definition)
            return (TableLocation(label: path, path: path, name: nil, catalog: nil), snapshot)
        case let .catalog(name):
            let ms = try catalog.open()
            let path = location.map(CatalogOptions.absolute) ?? "\(catalog.absoluteWarehouse)/\(name.database)/\(name.table)"
            do {
                try CatalogTableDefinition(database: name.database, name: name.table, location: path,
                                           format: columnarFiles ? .columnar : .parquet, columns: [CatalogColumn](schema),
                                           partitionColumns: partitionBy, properties: properties).validate()
                try CreateCommand.ensureDatabase(name.database, in: ms)
                if (try? ms.table(name.database, name.table)) != nil { throw CLIError.tableExists(name.description) }
            } catch let e as MetastoreError {
                throw CLIError.catalog(e.description)
            }
            var named = definition
            named.name = name.table
            let snapshot = try createDelta(at: path, label: name.description, named)
            do {
                try ms.createTable(CatalogTableDefinition(database: name.database, name: name.table, location: path,
                                                          snapshot: snapshot, properties: properties))
            } catch {
                throw CLIError.catalog(error.description)
            }
            return (TableLocation(label: name.description, path: path, name: name, catalog: ms), snapshot)
        }
    }

    private func createDelta(at path: String, label: String, _ definition: DeltaLog.TableDefinition) throws -> Snapshot {
        do {
            return try DeltaTable(path: path).create(definition)
        } catch .tableAlreadyExists {
            throw CLIError.tableExists(label)
        } catch {
            throw CLIError.table(label, error)
        }
    }
}
