import Foundation
import Metastore
import PostgresClient
import TestSupport
import Testing

/// The two catalog backends the conformance suite runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case file
    case postgres

    var testDescription: String { rawValue }
}

/// A backend opened on fresh state: a new warehouse directory, and for PostgreSQL a new database
/// `swiftlake_ms_<random>` on the test server, so tests never see each other's rows.
final class Scratch: @unchecked Sendable {
    let backend: Backend
    let warehouse: String
    /// The conninfo of the scratch database (PostgreSQL only).
    let url: String?
    let databaseName: String?
    private let adminURL: String?

    /// Nil when the backend's service is not configured (plain `swift test`).
    init?(_ backend: Backend, _ test: String = #function) throws {
        self.backend = backend
        warehouse = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/swiftlake-ms-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: warehouse, withIntermediateDirectories: true)
        guard backend == .postgres else {
            url = nil
            databaseName = nil
            adminURL = nil
            return
        }
        guard let base = try TestServices.postgres(test) else { return nil }
        let name = "swiftlake_ms_\(UInt64.random(in: 0...UInt64.max))"
        let admin = try PGConnection(base)
        // The name is generated above from digits, never from input, so it may be spliced into DDL.
        try admin.execute("CREATE DATABASE \(name)")
        adminURL = base
        databaseName = name
        url = Scratch.replacingDatabase(in: base, with: name)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: warehouse)
        if let adminURL, let databaseName, let admin = try? PGConnection(adminURL) {
            _ = try? admin.execute("DROP DATABASE IF EXISTS \(databaseName) WITH (FORCE)")
        }
    }

    /// Opens the backend (may be called repeatedly, as another process would).
    func open(retry: RetryPolicy = RetryPolicy()) throws -> any Metastore {
        switch backend {
        case .file: return try FileMetastore(warehouse: warehouse)
        case .postgres: return try PostgresMetastore(url ?? "", warehouse: warehouse, retry: retry)
        }
    }

    /// A connection to the server's original database, for administering the scratch one.
    func adminConnection() throws -> PGConnection? {
        guard let adminURL else { return nil }
        return try PGConnection(adminURL)
    }

    /// A connection to the scratch database for inspecting rows directly.
    func connect() throws -> PGConnection { try PGConnection(url ?? "") }

    /// `postgresql://user@host:port/db?x` with the path replaced by `name`.
    static func replacingDatabase(in url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }
}

/// A small partitioned definition used across tests.
func sampleDefinition(_ db: String, _ name: String, location: String, format: DataFormat = .parquet) -> CatalogTableDefinition {
    CatalogTableDefinition(
        database: db, name: name, location: location, format: format,
        columns: [
            CatalogColumn(name: "_id", type: .string, nullable: false, comment: "record id"),
            CatalogColumn(name: "month", type: .date),
            CatalogColumn(name: "Score", type: .double),
            CatalogColumn(name: "tags", type: .array(element: .string, containsNull: true)),
        ],
        partitionColumns: ["month"], properties: ["owner.team": "data"], deltaVersion: 3)
}
