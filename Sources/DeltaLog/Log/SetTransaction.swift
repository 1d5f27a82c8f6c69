/// The `txn` action: the latest version an application (e.g. an ingest stream) committed, so that a
/// restarted writer can tell which of its batches are already in the table (exactly-once).
public struct SetTransaction: Sendable, Hashable {
    public var appId: String
    public var version: Int64
    /// Milliseconds since the Unix epoch.
    public var lastUpdated: Int64?

    public init(appId: String, version: Int64, lastUpdated: Int64?) {
        self.appId = appId
        self.version = version
        self.lastUpdated = lastUpdated
    }

    init(json: JSONValue) throws(ActionFieldError) {
        let f = try ActionFields("txn", json)
        appId = try f.string("appId")
        version = try f.int("version")
        lastUpdated = try f.optionalInt("lastUpdated")
    }

    var json: JSONValue {
        .members([("appId", .string(appId)), ("version", .int(version)), ("lastUpdated", lastUpdated.map(JSONValue.int))])
    }
}
