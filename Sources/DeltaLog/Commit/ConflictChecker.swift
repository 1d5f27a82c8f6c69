/// Delta's rules for deciding whether a commit that won the race invalidates a transaction that lost it.
struct ConflictChecker {
    let readSet: ReadSet
    let isolation: IsolationLevel
    /// Paths this transaction removes.
    let removedPaths: Set<String>

    func check(_ winner: CommitRecord) throws(DeltaLogError) {
        let op = winner.commitInfo?.operation
        func conflict(_ kind: ConcurrentModification.Kind, _ detail: String) -> DeltaLogError {
            .conflict(ConcurrentModification(kind: kind, winnerVersion: winner.version, winnerOperation: op, detail: detail))
        }
        let winnerIsBlindAppend = winner.commitInfo?.isBlindAppend ?? false
        let rewritten = Set(winner.actions.compactMap { a -> String? in if case let .remove(r) = a { return r.path } else { return nil } })
        for a in winner.actions {
            switch a {
            case .protocol: throw conflict(.protocolChanged, "the protocol changed")
            case .metaData: throw conflict(.metadataChanged, "the metadata changed")
            case let .txn(t) where readSet.appIds.contains(t.appId):
                throw conflict(.concurrentTransaction, "application '\(t.appId)' committed version \(t.version)")
            case let .add(f) where f.dataChange:
                // A re-add of a path the winner also removed only changes its deletion vector: no new rows.
                if !rewritten.contains(f.path), readSet.conflictingAdds.contains(where: { $0(f) }) {
                    throw conflict(.concurrentAppend, "added \(f.path), which may hold keys this transaction reads")
                }
                // Under WriteSerializable a blind append may be ordered after this transaction.
                if isolation == .writeSerializable && winnerIsBlindAppend { continue }
                if readSet.covers(partitionValues: f.partitionValues) {
                    throw conflict(.concurrentAppend, "added \(f.path), which this transaction's reads cover")
                }
            case let .remove(r):
                // A compaction (dataChange false) keeps the rows, so only a clash over the same file matters.
                if removedPaths.contains(r.path) { throw conflict(.concurrentDeleteDelete, "both removed \(r.path)") }
                if r.dataChange && readSet.files.contains(r.path) { throw conflict(.concurrentDeleteRead, "removed \(r.path), which this transaction read") }
            default: continue
            }
        }
    }
}
