/// Where and how to read documents from CommCare HQ.
public struct HQSourceSettings: Sendable, Equatable {
    /// libpq conninfo/URL (no password) of the main database: locations, location types, user data.
    public var mainDatabase = ""
    /// The form-processing databases holding forms, cases and blob metadata (HQ shards them); queried in turn and
    /// merged by id. Empty: the main database holds them too (an unsharded HQ).
    public var formDatabases: [String] = []
    /// Root directory of HQ's filesystem blob store (`<blob_root>/<key>`).
    public var blobRoot = ""
    /// The SQL run for each lookup; each takes `$1` = `text[]` of ids. See `HQQueries` for the column contracts.
    public var queries = HQQueries()

    public init() {}

    /// The databases that hold forms and cases.
    public var shardDatabases: [String] { formDatabases.isEmpty ? [mainDatabase] : formDatabases }

    static func decode(_ r: inout ConfigReader, _ problems: inout [ConfigProblem]) -> HQSourceSettings {
        var s = HQSourceSettings()
        s.mainDatabase = r.string("main_database", default: "", &problems)
        if s.mainDatabase.isEmpty { problems.append(.init(r.key("main_database"), "required for the hq source")) }
        IngestConfig.checkNoPassword(s.mainDatabase, r.key("main_database"), &problems)
        s.formDatabases = r.strings("form_databases", default: [], &problems)
        for (n, db) in s.formDatabases.enumerated() {
            IngestConfig.checkNoPassword(db, r.key("form_databases") + "[\(n)]", &problems)
        }
        s.blobRoot = r.string("blob_root", default: "", &problems)
        if s.blobRoot.isEmpty { problems.append(.init(r.key("blob_root"), "required for the hq source (form bodies are blobs)")) }
        var q = r.table("queries", &problems)
        let d = HQQueries()
        s.queries = HQQueries(forms: q.string("forms", default: d.forms, &problems),
                              cases: q.string("cases", default: d.cases, &problems),
                              locations: q.string("locations", default: d.locations, &problems),
                              userLocations: q.string("user_locations", default: d.userLocations, &problems),
                              locationAncestors: q.string("location_ancestors", default: d.locationAncestors, &problems),
                              locationDescendants: q.string("location_descendants", default: d.locationDescendants, &problems))
        q.reportUnknown(&problems)
        return s
    }
}
