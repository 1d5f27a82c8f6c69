import Foundation
import Ingest
import PostgresClient
import TestSupport

/// Loads a feed's final documents into an HQ-like database (`HQSchema`, main and shard tables in one database, or
/// the shard tables split over several):
/// cases as `form_processor_commcarecasesql` rows with `visits` in `case_json`, forms as
/// `form_processor_xforminstancesql` rows whose `form.xml` is a file blob under `blobRoot`, and the location
/// hierarchy st1 → d1 → sup1 → flwc1 with user `u1` (who modified every case and submitted every form) at flwc1.
enum HQDatabase {
    /// The location ids the feed's location changes refer to in HQ mode.
    static let locationIDs = ["st1", "d1", "sup1"]

    /// A feed of one domain whose documents live in HQ's databases (the messages carry none), its location changes
    /// naming locations the database has.
    static func feed(domain: String) -> Feed {
        var options = Feed.Options()
        options.domains = [domain]
        options.inline = false
        options.locationIDs = locationIDs
        return Feed(options)
    }

    static func load(_ feed: Feed, url: String, blobRoot: String) throws {
        try load(feed, main: url, shards: [url], blobRoot: blobRoot)
    }

    /// As `load(_:url:blobRoot:)` with HQ's sharding: locations and users in `main`, each form and case (with its
    /// blob metadata) in one of `shards`, chosen by a hash of its id.
    static func load(_ feed: Feed, main: String, shards: [String], blobRoot: String) throws {
        let db = try PGConnection(main)
        try db.executeScript(HQSchema.mainDDL)
        let domain = feed.options.domains[0]
        try db.execute("""
            INSERT INTO locations_locationtype (id, domain, name, code) VALUES
              (1, $1, 'state', 'state'), (2, $1, 'district', 'district'), (3, $1, 'supervisor', 'supervisor'), (4, $1, 'flwc', 'flwc')
            """, [domain])
        try db.execute("""
            INSERT INTO locations_sqllocation (id, location_id, domain, name, site_code, location_type_id, parent_id) VALUES
              (1, 'st1', $1, 'State 1', 'st1', 1, NULL), (2, 'd1', $1, 'District 1', 'd1', 2, 1),
              (3, 'sup1', $1, 'Supervisor 1', 'sup1', 3, 2), (4, 'flwc1', $1, 'FLWC 1', 'flwc1', 4, 3)
            """, [domain])
        for d in feed.options.domains {
            try db.execute("INSERT INTO users_sqluserdata (domain, user_id, data) VALUES ($1, 'u1', $2::jsonb)",
                           [d, #"{"commcare_location_id": "flwc1"}"#])
        }
        for (n, url) in shards.enumerated() {
            let shard = try PGConnection(url)
            try shard.executeScript(HQSchema.shardDDL)
            for doc in feed.documents where Int(Feed.partition(of: doc.id, Int32(shards.count))) == n {
                switch doc.topic {
                case .cases:
                    try putCase(shard, id: doc.id, domain: doc.domain, type: doc.subtype, user: "u1", serverModified: doc.serverModified,
                                properties: #"{"visits": \#(doc.value)}"#)
                case .forms:
                    try putForm(shard, blobRoot: blobRoot, id: doc.id, domain: doc.domain, xmlns: doc.subtype, user: "u1",
                                serverModified: doc.serverModified, answer: "\(doc.value)")
                case .locations:
                    continue
                }
            }
        }
    }

    /// Inserts or replaces a case; `properties` is its `case_json` (JSON text), `user` its last modifier.
    static func putCase(_ db: borrowing PGConnection, id: String, domain: String, type: String, user: String, serverModified: Int64,
                        properties: String) throws {
        try db.execute("""
            INSERT INTO form_processor_commcarecasesql (case_id, domain, type, name, owner_id, opened_on, modified_on,
              modified_by, server_modified_on, case_json) VALUES ($1, $2, $3, $4, 'owner-1', $5::timestamptz,
              $6::timestamptz, $7, $6::timestamptz, $8)
            ON CONFLICT (case_id) DO UPDATE SET modified_on = EXCLUDED.modified_on, modified_by = EXCLUDED.modified_by,
              server_modified_on = EXCLUDED.server_modified_on, case_json = EXCLUDED.case_json
            """, [id, domain, type, "name of \(id)", Feed.hqTime(Feed.micros(0)), Feed.hqTime(serverModified), user, properties])
    }

    /// Inserts a form submitted by `user` whose body (`form.xml` in the file blob store) holds `answer`.
    static func putForm(_ db: borrowing PGConnection, blobRoot: String, id: String, domain: String, xmlns: String, user: String,
                        serverModified: Int64, answer: String) throws {
        let modified = Feed.hqTime(serverModified)
        try db.execute("""
            INSERT INTO form_processor_xforminstancesql (form_id, domain, xmlns, user_id, received_on, server_modified_on, state)
            VALUES ($1, $2, $3, $4, $5::timestamptz, $5::timestamptz, 1)
            """, [id, domain, xmlns, user, modified])
        try db.execute("""
            INSERT INTO blobs_blobmeta (domain, parent_id, type_code, name, key) VALUES ($1, $2, 2, 'form.xml', $3)
            """, [domain, id, "form/\(id)"])
        let xml = """
            <?xml version='1.0' ?><data xmlns="\(xmlns)"><answer>\(answer)</answer>\
            <n1:meta xmlns:n1="http://openrosa.org/jr/xforms"><n1:timeEnd>\(modified)</n1:timeEnd>\
            <n1:userID>\(user)</n1:userID></n1:meta></data>
            """
        try FileManager.default.createDirectory(atPath: blobRoot + "/form", withIntermediateDirectories: true)
        try Data(xml.utf8).write(to: URL(fileURLWithPath: blobRoot + "/form/" + id))
    }

    /// The `[source]` section for a database at `url`.
    static func sourceConfig(url: String, blobRoot: String) -> String {
        sourceConfig(main: url, shards: [url], blobRoot: blobRoot)
    }

    /// The `[source]` section for a main database and form-processing databases.
    static func sourceConfig(main: String, shards: [String], blobRoot: String) -> String {
        """
        [source]
        kind = "hq"

        [source.hq]
        main_database = "\(main)"
        form_databases = [\(shards.map { "\"\($0)\"" }.joined(separator: ", "))]
        blob_root = "\(blobRoot)"
        """
    }
}
