import Foundation
import Ingest
import PostgresClient
import TestSupport

/// Loads a feed's final documents into an HQ-like database (`HQSchema`, main and shard tables in one database):
/// cases as `form_processor_commcarecasesql` rows with `visits` in `case_json`, forms as
/// `form_processor_xforminstancesql` rows whose `form.xml` is a file blob under `blobRoot`, and the location
/// hierarchy st1 → d1 → sup1 → flwc1 with user `u1` (who modified every case and submitted every form) at flwc1.
enum HQDatabase {
    /// The location ids the feed's location changes refer to in HQ mode.
    static let locationIDs = ["st1", "d1", "sup1"]

    static func load(_ feed: Feed, url: String, blobRoot: String) throws {
        let db = try PGConnection(url)
        try db.executeScript(HQSchema.mainDDL)
        try db.executeScript(HQSchema.shardDDL)
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
        try FileManager.default.createDirectory(atPath: blobRoot + "/form", withIntermediateDirectories: true)
        for doc in feed.documents {
            let modified = Feed.hqTime(doc.serverModified)
            switch doc.topic {
            case .cases:
                try db.execute("""
                    INSERT INTO form_processor_commcarecasesql (case_id, domain, type, name, owner_id, opened_on, modified_on,
                      modified_by, server_modified_on, case_json) VALUES ($1, $2, $3, $4, 'owner-1', $5::timestamptz,
                      $6::timestamptz, 'u1', $6::timestamptz, $7)
                    """, [doc.id, doc.domain, doc.subtype, "name of \(doc.id)", Feed.hqTime(Feed.micros(0)), modified,
                          #"{"visits": \#(doc.value)}"#])
            case .forms:
                try db.execute("""
                    INSERT INTO form_processor_xforminstancesql (form_id, domain, xmlns, user_id, received_on, server_modified_on, state)
                    VALUES ($1, $2, $3, 'u1', $4::timestamptz, $4::timestamptz, 1)
                    """, [doc.id, doc.domain, doc.subtype, modified])
                try db.execute("""
                    INSERT INTO blobs_blobmeta (domain, parent_id, type_code, name, key) VALUES ($1, $2, 2, 'form.xml', $3)
                    """, [doc.domain, doc.id, "form/\(doc.id)"])
                let xml = """
                    <?xml version='1.0' ?><data xmlns="\(doc.subtype)"><answer>\(doc.value)</answer>\
                    <n1:meta xmlns:n1="http://openrosa.org/jr/xforms"><n1:timeEnd>\(modified)</n1:timeEnd>\
                    <n1:userID>u1</n1:userID></n1:meta></data>
                    """
                try Data(xml.utf8).write(to: URL(fileURLWithPath: blobRoot + "/form/" + doc.id))
            case .locations:
                continue
            }
        }
    }

    /// The `[source]` section for a database at `url`.
    static func sourceConfig(url: String, blobRoot: String) -> String {
        """
        [source]
        kind = "hq"

        [source.hq]
        main_database = "\(url)"
        form_databases = ["\(url)"]
        blob_root = "\(blobRoot)"
        """
    }
}
