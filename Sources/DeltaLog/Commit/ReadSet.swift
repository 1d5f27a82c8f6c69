/// What a transaction read, so a concurrent commit can be checked against it: the whole table, partitions
/// selected by predicates over partition values, individual files, and application transaction ids.
public struct ReadSet: Sendable {
    public typealias PartitionPredicate = @Sendable ([String: String?]) -> Bool

    public internal(set) var wholeTable = false
    var partitionPredicates: [PartitionPredicate] = []
    public internal(set) var files: Set<String> = []
    public internal(set) var appIds: Set<String> = []
    /// Files whose addition by any concurrent commit — a blind append included — is a conflict: a MERGE or
    /// key DELETE registers "may hold one of my keys", so a concurrent insert of the same key is never lost.
    var conflictingAdds: [@Sendable (AddFile) -> Bool] = []

    public init() {}

    /// Whether nothing was read (a blind write).
    public var isEmpty: Bool { !wholeTable && partitionPredicates.isEmpty && files.isEmpty && appIds.isEmpty && conflictingAdds.isEmpty }

    /// Whether a file with these partition values lies in what was read.
    func covers(partitionValues: [String: String?]) -> Bool {
        wholeTable || partitionPredicates.contains { $0(partitionValues) }
    }
}
