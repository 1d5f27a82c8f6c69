/// The reconciled state of a table at one version: the result of replaying actions in order.
/// The latest `protocol` and `metaData` win, an `add`/`remove` of a logical file (path + deletion vector)
/// replaces any earlier one, and the latest `txn` per application wins.
struct TableState: Sendable {
    var version: Int64 = -1
    var protocolAction: ProtocolAction?
    var metadata: Metadata?
    var files: [FileKey: AddFile] = [:]
    var tombstones: [FileKey: RemoveFile] = [:]
    var transactions: [String: SetTransaction] = [:]

    /// Applies one commit's actions. Within a commit, removes are applied before adds: the protocol allows a
    /// commit to remove (path, dvA) and add (path, dvB), and forbids the same key in both.
    mutating func apply(_ actions: [Action], version v: Int64) {
        for a in actions {
            switch a {
            case let .protocol(p): protocolAction = p
            case let .metaData(m): metadata = m
            case let .txn(t): transactions[t.appId] = t
            case let .remove(r):
                files.removeValue(forKey: r.key)
                tombstones[r.key] = r
            case .add, .commitInfo: break
            }
        }
        for case let .add(f) in actions {
            files[f.key] = f
            tombstones.removeValue(forKey: f.key)
        }
        version = v
    }
}
