/// One batch of messages sorted by what must happen to them: the router's output, the ingest loop's input.
///
/// Every message of the batch appears in exactly one place (an upsert group, a removal group, the location
/// changes, `skipped` or `quarantined`), so the loop can account for every offset.
public struct BatchPlan: Sendable {
    /// Where records are removed from: one table (archived forms, whose subtype is known) or, for deletions
    /// (which carry no subtype), every table of the domain for that topic.
    public struct RemovalScope: Sendable, Hashable {
        public var domain: String
        public var topic: ChangeTopic
        /// Nil: search all the domain's tables of `topic`.
        public var table: TableIdentity?
    }

    /// Why a valid message needs no write.
    public enum SkipReason: String, Sendable {
        /// The domain or subtype is not in the allow-lists.
        case notAllowed = "not_allowed"
        /// Deprecated, duplicate and error forms are not ingested as forms.
        case notIngestedDocType = "not_ingested_doc_type"
    }

    /// Records to fetch, transform and upsert, per table, in offset order. Groups are in first-seen order.
    public var upserts: [ChangeGroup<TableIdentity>] = []
    /// Records to remove by `_id`.
    public var removals: [ChangeGroup<RemovalScope>] = []
    /// Location saves and deletions, per domain, in offset order.
    public var locationChanges: [ChangeGroup<String>] = []
    public var skipped: [(change: RoutedChange, reason: SkipReason)] = []
    public var quarantined: [QuarantineRecord] = []

    public init() {}

    /// Number of messages accounted for.
    public var messageCount: Int {
        upserts.reduce(0) { $0 + $1.changes.count } + removals.reduce(0) { $0 + $1.changes.count }
            + locationChanges.reduce(0) { $0 + $1.changes.count } + skipped.count + quarantined.count
    }
}
