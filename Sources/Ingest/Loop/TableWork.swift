import Kafka

/// What one batch asks of one table: its upserts and the removals that may touch it, and how they resolve.
///
/// Ordering rule (issue 9 §5): within a batch the messages of one id apply in offset order, so a removal (a
/// deletion, or an archive with `forms.archived = "remove"`) after an upsert wins, and an upsert after a removal
/// re-creates the record. The table gets one commit per batch: a MERGE of the ids whose last change is an upsert
/// that first deletes every id the batch removes (`MergeSpec.deleteKeys`), or a DELETE when nothing is upserted.
/// The same end state as applying each message in turn, in one commit instead of one per message.
struct TableWork {
    /// One change as it concerns this table.
    struct Change {
        var routed: RoutedChange
        /// A removal (deletion or archive) rather than an upsert.
        var removes: Bool
    }

    var table: TableIdentity
    /// Upserts first, then removals; `byPartition` puts them in offset order.
    var changes: [Change]

    /// The changes of one partition resolved: what to delete, what to upsert.
    struct Resolved {
        /// Distinct ids with a removal in the partition, sorted: deleted before the upserts are merged (same commit).
        var deleteIDs: [String]
        /// The upserts of ids whose last change is an upsert, after the id's last removal, in offset order.
        var upserts: [RoutedChange]
    }

    /// Resolves `changes` (one partition, in offset order) by the ordering rule.
    static func resolve(_ changes: [Change]) -> Resolved {
        var lastRemoval: [String: Int] = [:]
        for (i, c) in changes.enumerated() where c.removes { lastRemoval[c.routed.change.documentID] = i }
        var upserts: [RoutedChange] = []
        for (i, c) in changes.enumerated() where !c.removes {
            if let r = lastRemoval[c.routed.change.documentID], r > i { continue }
            upserts.append(c.routed)
        }
        return Resolved(deleteIDs: lastRemoval.keys.sorted(), upserts: upserts)
    }

    /// The changes of `plan`'s upsert and removal groups, per table, in table order. A removal without a table
    /// (deletions carry no subtype) concerns every table of its domain and topic: those `existing` lists and those
    /// the batch upserts into (so an upsert earlier in the batch is cancelled even when its table is new).
    static func byTable(_ plan: BatchPlan, existing: (String, ChangeTopic) -> [TableIdentity]) -> [TableWork] {
        var changes: [TableIdentity: [Change]] = [:]
        for group in plan.upserts {
            changes[group.key, default: []] += group.changes.map { Change(routed: $0, removes: false) }
        }
        var scopes: [String: [TableIdentity]] = [:]
        for group in plan.removals {
            let tables: [TableIdentity]
            if let t = group.key.table {
                tables = [t]
            } else {
                let key = group.key.domain + "\u{0}" + group.key.topic.rawValue
                if let known = scopes[key] { tables = known } else {
                    // An existing table comes back named by its directory (the sanitised subtype), while the batch's
                    // upserts name it by the raw subtype (a form's full xmlns): match them by table name, or one
                    // table would be two work items and the first one's `txn` would skip the other's messages.
                    var byName: [String: TableIdentity] = [:]
                    for t in existing(group.key.domain, group.key.topic) { byName[t.tableName] = t }
                    for g in plan.upserts where g.key.domain == group.key.domain && g.key.topic == group.key.topic {
                        byName[g.key.tableName] = g.key
                    }
                    tables = byName.values.sorted()
                    scopes[key] = tables
                }
            }
            for t in tables { changes[t, default: []] += group.changes.map { Change(routed: $0, removes: true) } }
        }
        return changes.keys.sorted().map { TableWork(table: $0, changes: changes[$0] ?? []) }
    }

    /// The changes per Kafka partition, each in offset order (the commit carries one `txn` per partition).
    var byPartition: [(TopicPartition, [Change])] {
        var order: [TopicPartition] = []
        var parts: [TopicPartition: [Change]] = [:]
        for c in changes {
            let tp = c.routed.message.topicPartition
            if parts[tp] == nil { order.append(tp) }
            parts[tp, default: []].append(c)
        }
        return order.map { tp in (tp, (parts[tp] ?? []).sorted { $0.routed.message.offset < $1.routed.message.offset }) }
    }
}
