/// Decodes a batch of Kafka messages, filters them by the allow-lists and groups them by table.
///
/// Rules (DESIGN.md and issue 9): deletions carry no subtype, so they are never filtered by subtype and are
/// routed to a removal over all the domain's tables of the topic; `XFormArchived` is removed from (or kept in)
/// its table per `ArchivedFormPolicy`; deprecated, duplicate and error forms are skipped; locations are grouped
/// per domain. Undecodable messages and unknown topics are quarantined, never dropped.
public struct BatchRouter: Sendable {
    public var allow: AllowLists
    public var archivedForms: ArchivedFormPolicy
    public var parser: JSONParser
    /// Kafka topic name → change topic. By default each topic has its HQ name (`form-sql`, …); deployments that
    /// prefix or rename topics map them here.
    public var topics: [String: ChangeTopic]

    /// The identity mapping of HQ's topic names.
    public static let hqTopicNames: [String: ChangeTopic] =
        Dictionary(uniqueKeysWithValues: ChangeTopic.allCases.map { ($0.rawValue, $0) })

    /// Form doc types that are not ingested as forms.
    public static let skippedFormDocTypes: Set<String> = [
        "XFormDeprecated", "XFormDuplicate", "XFormError", "SubmissionErrorLog",
    ]

    public init(allow: AllowLists = AllowLists(), archivedForms: ArchivedFormPolicy = .remove,
                parser: JSONParser = JSONParser(), topics: [String: ChangeTopic] = BatchRouter.hqTopicNames) {
        self.allow = allow
        self.archivedForms = archivedForms
        self.parser = parser
        self.topics = topics
    }

    /// A router configured from the service configuration.
    public init(config: IngestConfig) {
        self.init(allow: config.allow, archivedForms: config.archivedForms,
                  topics: Dictionary(uniqueKeysWithValues: config.kafka.topics.map { (config.kafka.topicName(for: $0), $0) }))
    }

    /// Routes `messages` (in offset order per partition). `now` stamps quarantine records (µs since epoch).
    public func route(_ messages: [IncomingMessage], now: Int64) -> BatchPlan {
        var plan = BatchPlan()
        var upsertIndex: [TableIdentity: Int] = [:]
        var removalIndex: [BatchPlan.RemovalScope: Int] = [:]
        var locationIndex: [String: Int] = [:]

        for message in messages {
            guard let topic = topics[message.topic] else {
                plan.quarantined.append(QuarantineRecord(message: message, kind: .unknownTopic,
                                                         error: RoutingError.unknownTopic(message.topic), time: now))
                continue
            }
            let change: ChangeMeta
            do {
                guard let value = message.value else { throw ChangeMetaError.notAnObject(found: "empty message (tombstone)") }
                change = try ChangeMeta.decode(value, parser: parser)
            } catch {
                plan.quarantined.append(QuarantineRecord(message: message, kind: .malformedChange, error: error, time: now))
                continue
            }
            let routed = RoutedChange(message: message, topic: topic, change: change)
            guard allow.allows(domain: change.domain) else {
                plan.skipped.append((routed, .notAllowed))
                continue
            }
            if topic == .locations {
                append(routed, key: change.domain, index: &locationIndex, into: &plan.locationChanges)
                continue
            }
            if change.isDeletion {
                let scope = BatchPlan.RemovalScope(domain: change.domain, topic: topic, table: nil)
                append(routed, key: scope, index: &removalIndex, into: &plan.removals)
                continue
            }
            guard allow.allows(topic: topic, subtype: change.documentSubtype) else {
                plan.skipped.append((routed, .notAllowed))
                continue
            }
            if topic == .forms, Self.skippedFormDocTypes.contains(change.documentType) {
                plan.skipped.append((routed, .notIngestedDocType))
                continue
            }
            guard let subtype = change.documentSubtype, !subtype.isEmpty else {
                plan.quarantined.append(QuarantineRecord(message: message, kind: .malformedChange,
                                                         error: RoutingError.missingSubtype, time: now))
                continue
            }
            let table = TableIdentity(domain: change.domain, topic: topic, subtype: subtype)
            if topic == .forms, change.documentType == "XFormArchived", archivedForms == .remove {
                let scope = BatchPlan.RemovalScope(domain: change.domain, topic: topic, table: table)
                append(routed, key: scope, index: &removalIndex, into: &plan.removals)
                continue
            }
            append(routed, key: table, index: &upsertIndex, into: &plan.upserts)
        }
        return plan
    }

    private func append<K: Hashable>(_ change: RoutedChange, key: K, index: inout [K: Int],
                                     into groups: inout [ChangeGroup<K>]) {
        if let i = index[key] {
            groups[i].changes.append(change)
        } else {
            index[key] = groups.count
            groups.append(ChangeGroup(key: key, changes: [change]))
        }
    }
}
