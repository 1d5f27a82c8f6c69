import PostgresClient

/// Documents, users and locations from CommCare HQ's PostgreSQL databases (through libpq) and blob store.
///
/// Forms and cases are looked up in every form-processing database (HQ shards them) with one `= ANY($1)` query
/// each and merged by id (a copy found in several databases: the one modified last, `DocumentBatch.keepNewest`); locations and users come from the main database. Form bodies are read from the blob
/// store and converted with `XFormJSON`. Connections are opened lazily and reopened after a failure; an
/// unavailable database throws `.database` so the caller retries the batch (nothing is lost).
public final class HQPostgresSource: DocumentSource, LocationDirectory {
    public let settings: HQSourceSettings
    public let blobs: any BlobStore
    private let parser = JSONParser()
    private let xml = XFormJSON()
    private var links: [String: PGLink] = [:]

    public init(settings: HQSourceSettings, blobs: any BlobStore) {
        self.settings = settings
        self.blobs = blobs
    }

    public convenience init(settings: HQSourceSettings) {
        self.init(settings: settings, blobs: FileBlobStore(root: settings.blobRoot))
    }

    public func fetch(topic: ChangeTopic, changes: [RoutedChange]) throws(DocumentSourceError) -> DocumentBatch {
        var seen: Set<String> = []
        let ids = changes.map(\.change.documentID).filter { seen.insert($0).inserted }
        var batch = DocumentBatch()
        guard !ids.isEmpty else { return batch }
        switch topic {
        case .forms:
            for db in settings.shardDatabases { try fetchForms(ids, db, into: &batch) }
        case .cases:
            for db in settings.shardDatabases { try fetchDocs(settings.queries.cases, ids, db, into: &batch) }
        case .locations:
            try fetchDocs(settings.queries.locations, ids, settings.mainDatabase, into: &batch)
        }
        return batch
    }

    public func userLocations(_ userIDs: [String]) throws(DocumentSourceError) -> [String: String] {
        try query(settings.mainDatabase, settings.queries.userLocations, userIDs) { r in
            var out: [String: String] = [:]
            for row in 0..<r.rowCount {
                if let u = try r.string(row: row, column: 0), let l = try r.string(row: row, column: 1) { out[u] = l }
            }
            return out
        }
    }

    public func ancestors(of locationIDs: [String]) throws(DocumentSourceError) -> [String: [LocationNode]] {
        try query(settings.mainDatabase, settings.queries.locationAncestors, locationIDs) { r in
            guard r.columnCount >= 9 else { throw DocumentSourceError.badResult("location_ancestors must return 9 columns") }
            // Rows come nearest first (depth 0 = the location); chains are root first.
            var out: [String: [LocationNode]] = [:]
            for row in 0..<r.rowCount {
                let start = try r.requiredString(row: row, column: 0)
                let node = LocationNode(
                    locationID: try r.requiredString(row: row, column: 2), typeName: try r.string(row: row, column: 8) ?? "",
                    name: try r.string(row: row, column: 3), siteCode: try r.string(row: row, column: 4),
                    latitude: try r.double(row: row, column: 5), longitude: try r.double(row: row, column: 6),
                    isArchived: try r.bool(row: row, column: 7) ?? false)
                out[start, default: []].insert(node, at: 0)
            }
            return out
        }
    }

    /// Every location in the subtrees of `locationIDs` (inclusive), for maintaining the location table.
    public func descendants(of locationIDs: [String]) throws(DocumentSourceError) -> [String] {
        try query(settings.mainDatabase, settings.queries.locationDescendants, locationIDs) { r in
            try (0..<r.rowCount).compactMap { try r.string(row: $0, column: 0) }
        }
    }

    private func fetchDocs(_ sql: String, _ ids: [String], _ db: String, into batch: inout DocumentBatch) throws(DocumentSourceError) {
        let rows: [(String, String?)] = try query(db, sql, ids) { r in
            guard r.columnCount >= 2 else { throw DocumentSourceError.badResult("document queries must return id, doc") }
            return try (0..<r.rowCount).map { (try r.requiredString(row: $0, column: 0), try r.string(row: $0, column: 1)) }
        }
        for (id, text) in rows {
            guard let text else { continue }
            do {
                batch.keepNewest(id, try parser.parse(text))
            } catch {
                if batch.documents[id] == nil { batch.failures[id] = .badJSON(id: id, error: error) }
            }
        }
    }

    private func fetchForms(_ ids: [String], _ db: String, into batch: inout DocumentBatch) throws(DocumentSourceError) {
        let rows: [(id: String, doc: String?, key: String?, compressed: Bool)] = try query(db, settings.queries.forms, ids) { r in
            guard r.columnCount >= 4 else { throw DocumentSourceError.badResult("the forms query must return id, doc, blob_key, blob_compressed") }
            return try (0..<r.rowCount).map {
                (try r.requiredString(row: $0, column: 0), try r.string(row: $0, column: 1), try r.string(row: $0, column: 2),
                 try r.bool(row: $0, column: 3) ?? false)
            }
        }
        for row in rows {
            guard let text = row.doc else { continue }
            do {
                guard case .object(var doc) = try parser.parse(text) else {
                    batch.failures[row.id] = .badResult("form \(row.id): the doc column is not a JSON object")
                    continue
                }
                guard let key = row.key else {
                    batch.failures[row.id] = .blob(key: "(none)", reason: "form \(row.id) has no form.xml in blobs_blobmeta")
                    continue
                }
                // A copy in an earlier shard modified later wins; its blob need not be read.
                if batch.holdsNewer(row.id, than: .object(doc)) { continue }
                doc["form"] = try xml.convert(try blobs.read(key: key, compressed: row.compressed))
                batch.keepNewest(row.id, .object(doc))
            } catch let e as JSONError {
                batch.failures[row.id] = .badJSON(id: row.id, error: e)
            } catch let e as XMLError {
                batch.failures[row.id] = .badXML(id: row.id, error: e)
            } catch let e as DocumentSourceError {
                batch.failures[row.id] = e
            } catch {
                batch.failures[row.id] = .badResult(String(describing: error))
            }
        }
    }

    /// Runs `sql` with `$1` = `ids` on `db`, reconnecting once if the connection broke.
    private func query<R>(_ db: String, _ sql: String, _ ids: [String],
                          _ read: (borrowing PGResult) throws -> R) throws(DocumentSourceError) -> R {
        var attempt = 0
        while true {
            attempt += 1
            do {
                let link = try self.link(db)
                let result = try link.connection.execute(sql, [PGTextArray(ids)])
                return try read(result)
            } catch let e as PGError {
                // A restarted or terminated server shows up as a broken connection or a 08xxx/57P0x error:
                // reconnect and retry once; beyond that the caller backs off and retries the batch.
                let broken = links[db].map { !$0.connection.isConnected } ?? true
                if broken { links[db] = nil }
                let transient: Bool
                switch e {
                case .connectionLost, .connectionFailed: transient = true
                case let .server(state, _, _, _): transient = broken || state.hasPrefix("08") || state.hasPrefix("57P")
                default: transient = false
                }
                if transient {
                    links[db] = nil
                    if attempt < 2 { continue }
                }
                throw .database(e.description)
            } catch let e as DocumentSourceError {
                throw e
            } catch {
                throw .badResult(String(describing: error))
            }
        }
    }

    private func link(_ db: String) throws(PGError) -> PGLink {
        if let l = links[db], l.connection.isConnected { return l }
        let l = PGLink(connection: try PGConnection(db))
        links[db] = l
        return l
    }
}

/// Holds one connection so it can live in a dictionary (PGConnection is non-copyable).
private final class PGLink {
    let connection: PGConnection
    init(connection: consuming PGConnection) { self.connection = connection }
}
