import Foundation

/// The embedded catalog: JSON files under `<warehouse>/_catalog/`, safe for several processes at once.
///
/// Layout: `<db>/database.json` and `<db>/tables/<table>.json`. Identifiers are `[a-z0-9_]`, so they are
/// safe file names and never clash with the `.`-prefixed temporary files. Every change takes an exclusive
/// `flock` on `_catalog/.lock`, re-reads what it changes, and replaces files by write-fsync-rename, so two
/// processes never lose each other's updates and a reader never sees a torn file. Readers take no lock.
public struct FileMetastore: Metastore {
    /// The warehouse directory (absolute).
    public let warehouse: String
    /// `<warehouse>/_catalog`.
    public let root: String

    /// Opens (creating if needed) the catalog of `warehouse`, with its `default` database.
    public init(warehouse: String) throws(MetastoreError) {
        let absolute = warehouse.hasPrefix("/") ? warehouse : Self.currentDirectory() + "/" + warehouse
        self.warehouse = (absolute as NSString).standardizingPath
        root = self.warehouse + "/_catalog"
        try makeDirectory(root)
        if !FileManager.default.fileExists(atPath: databaseFile("default")) {
            do {
                try createDatabase("default", location: self.warehouse, comment: "Default Hive database", properties: [:])
            } catch .databaseAlreadyExists {}
        }
    }

    // MARK: databases

    @discardableResult
    public func createDatabase(_ name: String, location: String?, comment: String?, properties: [String: String]) throws(MetastoreError) -> DatabaseRecord {
        try Identifier.validate(name)
        try DefinitionRules.checkProperties(properties, database: name, table: "")
        let uri = try DefinitionRules.normalisedLocation(location ?? "\(warehouse)/\(name).db", database: name, table: nil)
        let record = DatabaseRecord(name: name, location: uri, comment: comment, properties: properties, owner: DefinitionRules.currentUser())
        return try locked { () throws(MetastoreError) in
            let dir = root + "/" + name
            guard !FileManager.default.fileExists(atPath: dir) else { throw .databaseAlreadyExists(name) }
            // Built aside and renamed into place, so a database is never seen without its record.
            let temp = root + "/.tmp-\(UInt64.random(in: 0...UInt64.max))"
            try makeDirectory(temp + "/tables")
            try AtomicFile.write(try encode(record, path: dir), to: temp + "/database.json")
            guard rename(temp, dir) == 0 else {
                let e = errno
                try? FileManager.default.removeItem(atPath: temp)
                throw .io(path: dir, operation: "rename", errno: e)
            }
            try AtomicFile.syncDirectory(root)
            return record
        }
    }

    public func database(_ name: String) throws(MetastoreError) -> DatabaseRecord {
        try Identifier.validate(name)
        guard let data = try AtomicFile.read(databaseFile(name)) else { throw .databaseNotFound(name) }
        var record: DatabaseRecord = try decode(data, path: databaseFile(name))
        record.name = name
        return record
    }

    public func databases(matching pattern: String) throws(MetastoreError) -> [String] {
        let p = NamePattern(pattern)
        return try entries(root).filter { p.matches($0) && FileManager.default.fileExists(atPath: databaseFile($0)) }.sorted()
    }

    public func dropDatabase(_ name: String, cascade: Bool) throws(MetastoreError) {
        try Identifier.validate(name)
        guard name != "default" else { throw .cannotDropDefaultDatabase }
        try locked { () throws(MetastoreError) in
            guard FileManager.default.fileExists(atPath: databaseFile(name)) else { throw .databaseNotFound(name) }
            let tables = try tableNames(name)
            if !tables.isEmpty, !cascade { throw .databaseNotEmpty(name, tables: tables.count) }
            // One rename takes the whole database out of view; the removal after it may be interrupted harmlessly.
            let trash = root + "/.dropped-\(UInt64.random(in: 0...UInt64.max))"
            guard rename(root + "/" + name, trash) == 0 else { throw .io(path: root + "/" + name, operation: "rename", errno: errno) }
            try AtomicFile.syncDirectory(root)
            try? FileManager.default.removeItem(atPath: trash)
        }
    }

    // MARK: tables

    @discardableResult
    public func createTable(_ definition: CatalogTableDefinition) throws(MetastoreError) -> TableRecord {
        let record = try DefinitionRules.record(definition, owner: nil, createTime: Int64(Date().timeIntervalSince1970))
        return try locked { () throws(MetastoreError) in
            guard FileManager.default.fileExists(atPath: databaseFile(record.database)) else { throw .databaseNotFound(record.database) }
            let path = tableFile(record.database, record.name)
            guard !FileManager.default.fileExists(atPath: path) else {
                throw .tableAlreadyExists(database: record.database, table: record.name)
            }
            try AtomicFile.write(try encode(record, path: path), to: path)
            return record
        }
    }

    public func table(_ database: String, _ name: String) throws(MetastoreError) -> TableRecord {
        try Identifier.validate(database)
        try Identifier.validate(name)
        let path = tableFile(database, name)
        guard let data = try AtomicFile.read(path) else {
            guard FileManager.default.fileExists(atPath: databaseFile(database)) else { throw .databaseNotFound(database) }
            throw .tableNotFound(database: database, table: name)
        }
        var record: TableRecord = try decode(data, path: path)
        // The file name is the identity: a rename is one rename(2) and never rewrites the content.
        record.database = database
        record.name = name
        return record
    }

    public func tables(in database: String, matching pattern: String) throws(MetastoreError) -> [String] {
        try Identifier.validate(database)
        guard FileManager.default.fileExists(atPath: databaseFile(database)) else { throw .databaseNotFound(database) }
        let p = NamePattern(pattern)
        return try tableNames(database).filter { p.matches($0) }.sorted()
    }

    @discardableResult
    public func alterTable(_ database: String, _ name: String, _ change: (inout CatalogTableDefinition) throws(MetastoreError) -> Void) throws(MetastoreError) -> TableRecord {
        try locked { () throws(MetastoreError) in
            let current = try table(database, name)
            var definition = current.definition
            try change(&definition)
            guard definition.database == database, definition.name == name else {
                throw .invalidDefinition(database: database, table: name, reason: "alterTable cannot rename; use renameTable")
            }
            let updated = try DefinitionRules.record(definition, owner: current.owner, createTime: current.createTime)
            let path = tableFile(database, name)
            try AtomicFile.write(try encode(updated, path: path), to: path)
            return updated
        }
    }

    public func renameTable(_ database: String, _ name: String, to newName: String) throws(MetastoreError) {
        try Identifier.validate(newName)
        try locked { () throws(MetastoreError) in
            _ = try table(database, name)
            let target = tableFile(database, newName)
            guard !FileManager.default.fileExists(atPath: target) else { throw .tableAlreadyExists(database: database, table: newName) }
            guard rename(tableFile(database, name), target) == 0 else {
                throw .io(path: tableFile(database, name), operation: "rename", errno: errno)
            }
            try AtomicFile.syncDirectory(tablesDirectory(database))
        }
    }

    public func dropTable(_ database: String, _ name: String, purge: Bool) throws(MetastoreError) {
        try locked { () throws(MetastoreError) in
            let record = try table(database, name)
            guard unlink(tableFile(database, name)) == 0 else {
                throw .io(path: tableFile(database, name), operation: "unlink", errno: errno)
            }
            try AtomicFile.syncDirectory(tablesDirectory(database))
            if purge { try DataPurge.remove(record.location) }
        }
    }

    /// Runs `body` holding the catalog's exclusive lock.
    private func locked<R>(_ body: () throws(MetastoreError) -> R) throws(MetastoreError) -> R {
        let lock = try FileLock(path: root + "/.lock")
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }

    static func currentDirectory() -> String { FileManager.default.currentDirectoryPath }

    // MARK: files

    private func databaseFile(_ db: String) -> String { "\(root)/\(db)/database.json" }
    private func tablesDirectory(_ db: String) -> String { "\(root)/\(db)/tables" }
    private func tableFile(_ db: String, _ table: String) -> String { "\(root)/\(db)/tables/\(table).json" }

    private func tableNames(_ db: String) throws(MetastoreError) -> [String] {
        try entries(tablesDirectory(db)).compactMap { $0.hasSuffix(".json") ? String($0.dropLast(5)) : nil }
    }

    /// Directory entries that can be catalog names (temporary and dropped entries start with `.`).
    private func entries(_ dir: String) throws(MetastoreError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".") }
        } catch {
            if !FileManager.default.fileExists(atPath: dir) { return [] }
            throw .io(path: dir, operation: "list", errno: EIO)
        }
    }

    private func encode<T: Encodable>(_ value: T, path: String) throws(MetastoreError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        do { return try encoder.encode(value) } catch { throw .corruptCatalog(path: path, reason: "cannot encode: \(error)") }
    }

    private func decode<T: Decodable>(_ data: Data, path: String) throws(MetastoreError) -> T {
        do { return try JSONDecoder().decode(T.self, from: data) } catch { throw .corruptCatalog(path: path, reason: "\(error)") }
    }
}

private func makeDirectory(_ path: String) throws(MetastoreError) {
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        throw .io(path: path, operation: "mkdir", errno: EIO)
    }
}
