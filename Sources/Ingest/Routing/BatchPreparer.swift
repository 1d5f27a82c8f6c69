import Kafka

/// Turns the groups of a `BatchPlan` into records: fetches documents, runs the pipeline, and sorts every message
/// into a record or a quarantine entry. This is the piece of the ingest loop that needs no tables.
public enum BatchPreparer {
    /// Prepares one upsert group. Throws only when the source or directory is unavailable (retry the batch).
    public static func prepare(_ group: ChangeGroup<TableIdentity>, source: inout some DocumentSource,
                               pipeline: inout TransformPipeline, directory: inout some LocationDirectory,
                               now: Int64) throws(DocumentSourceError) -> PreparedTable {
        let ids = group.documentIDs
        let batch = try source.fetch(topic: group.key.topic, changes: group.changes)
        // The last message of each id stands for it in quarantine (earlier ones are older copies of the same change).
        var lastMessage: [String: IncomingMessage] = [:]
        for c in group.changes { lastMessage[c.change.documentID] = c.message }
        var quarantined: [QuarantineRecord] = []
        var found: [SourceDocument] = []
        for id in ids {
            guard let message = lastMessage[id] else { continue }
            if let doc = batch.documents[id] {
                found.append(SourceDocument(id: id, document: doc))
            } else if let failure = batch.failures[id] {
                quarantined.append(QuarantineRecord(message: message, kind: .badDocument, error: failure, time: now))
            } else {
                quarantined.append(QuarantineRecord(message: message, kind: .missingDocument,
                                                    error: MissingDocument(id: id, topic: group.key.topic), time: now))
            }
        }
        let outcomes = try pipeline.run(found, table: group.key, now: now, directory: &directory)
        var records: [FlatRecord] = []
        var recordIDs: [String] = []
        var recordMessages: [IncomingMessage] = []
        records.reserveCapacity(found.count)
        recordIDs.reserveCapacity(found.count)
        recordMessages.reserveCapacity(found.count)
        for (doc, outcome) in zip(found, outcomes) {
            switch outcome {
            case .success(let r):
                guard let message = lastMessage[doc.id] else { continue }
                records.append(r)
                recordIDs.append(doc.id)
                recordMessages.append(message)
            case .failure(let e):
                guard let message = lastMessage[doc.id] else { continue }
                quarantined.append(QuarantineRecord(message: message, kind: .transformFailed, error: e,
                                                    rawValue: doc.document.jsonBytes, time: now))
            }
        }
        return PreparedTable(table: group.key, records: records, recordIDs: recordIDs, recordMessages: recordMessages,
                             quarantined: quarantined, nextOffsets: nextOffsets(group.changes))
    }

    /// Prepares one domain's location changes: saved locations and all their descendants get fresh hierarchy
    /// rows (a move or rename changes every row below it), deletions are listed, and the pipeline's location
    /// cache forgets every chain through a changed location.
    public static func prepareLocations(_ group: ChangeGroup<String>, pipeline: inout TransformPipeline,
                                        directory: inout some LocationDirectory,
                                        now: Int64) throws(DocumentSourceError) -> PreparedLocations {
        var latest: [String: RoutedChange] = [:]
        for c in group.changes { latest[c.change.documentID] = c }
        let ids = group.documentIDs
        let unusable = try directory.absorb(group.changes, domain: group.key)
        pipeline.locationsChanged(ids)
        let deleted = ids.filter { latest[$0]?.change.isDeletion == true }
        let saved = ids.filter { latest[$0]?.change.isDeletion == false && unusable[$0] == nil }
        var rows: [FlatRecord] = []
        var quarantined: [QuarantineRecord] = []
        for (id, error) in unusable.sorted(by: { $0.key < $1.key }) {
            guard let change = latest[id] else { continue }
            if change.change.inlineDocument == nil {
                quarantined.append(QuarantineRecord(message: change.message, kind: .missingDocument,
                                                    error: MissingDocument(id: id, topic: .locations), time: now))
            } else {
                quarantined.append(QuarantineRecord(message: change.message, kind: .badDocument, error: error, time: now))
            }
        }
        if !saved.isEmpty {
            let subtree = try directory.descendants(of: saved)
            let chains = try directory.ancestors(of: subtree)
            for id in subtree {
                guard let chain = chains[id],
                      let row = LocationNode.hierarchyRecord(domain: group.key, chain: chain,
                                                             ensure: pipeline.ensuredLocationColumns) else { continue }
                rows.append(row)
            }
            for id in saved where chains[id] == nil {
                guard let message = latest[id]?.message else { continue }
                quarantined.append(QuarantineRecord(message: message, kind: .missingDocument,
                                                    error: MissingDocument(id: id, topic: .locations), time: now))
            }
        }
        return PreparedLocations(domain: group.key, rows: rows, deletedIDs: deleted, quarantined: quarantined,
                                 nextOffsets: nextOffsets(group.changes))
    }

    /// The offset after the last message of each partition among `changes`.
    public static func nextOffsets(_ changes: [RoutedChange]) -> [TopicPartition: Int64] {
        var out: [TopicPartition: Int64] = [:]
        for c in changes {
            let key = c.message.topicPartition
            let (next, overflow) = c.message.offset.addingReportingOverflow(1)
            guard !overflow, c.message.offset >= 0 else { continue }
            if next > out[key] ?? Int64.min { out[key] = next }
        }
        return out
    }
}
