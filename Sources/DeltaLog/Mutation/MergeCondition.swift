import Columnar

/// A condition of a MERGE clause over the source row and the matched target row, with SQL's three-valued
/// logic: a comparison with a null is unknown, and a clause applies only when its condition is true.
public indirect enum MergeCondition: Sendable, CustomStringConvertible {
    /// A predicate over the source row's columns (logical names).
    case source(Predicate)
    /// A predicate over the target row's columns (logical names).
    case target(Predicate)
    /// `source.<left> <op> target.<right>`, e.g. `source.server_modified_on >= target.server_modified_on`.
    case compare(source: String, MergeComparison, target: String)
    case and(MergeCondition, MergeCondition)
    case or(MergeCondition, MergeCondition)
    case not(MergeCondition)

    /// Evaluates the condition; nil is unknown.
    func evaluate(source: (String) -> Value, target: (String) -> Value) -> Bool? {
        switch self {
        case let .source(p): return p.evaluate(source)
        case let .target(p): return p.evaluate(target)
        case let .compare(s, op, t):
            let a = source(s), b = target(t)
            guard !a.isNull, !b.isNull, let c = Value.compare(a, b) else { return nil }
            return op.holds(c)
        case let .and(a, b):
            let x = a.evaluate(source: source, target: target), y = b.evaluate(source: source, target: target)
            if x == false || y == false { return false }
            return x == true && y == true ? true : nil
        case let .or(a, b):
            let x = a.evaluate(source: source, target: target), y = b.evaluate(source: source, target: target)
            if x == true || y == true { return true }
            return x == false && y == false ? false : nil
        case let .not(a): return a.evaluate(source: source, target: target).map { !$0 }
        }
    }

    /// Source and target columns the condition reads.
    var columns: (source: [String], target: [String]) {
        switch self {
        case let .source(p): return (p.columns, [])
        case let .target(p): return ([], p.columns)
        case let .compare(s, _, t): return ([s], [t])
        case let .and(a, b), let .or(a, b):
            let x = a.columns, y = b.columns
            return (x.source + y.source, x.target + y.target)
        case let .not(a): return a.columns
        }
    }

    public var description: String {
        switch self {
        case let .source(p): return "source.\(p)"
        case let .target(p): return "target.\(p)"
        case let .compare(s, op, t): return "source.\(s) \(op.rawValue) target.\(t)"
        case let .and(a, b): return "(\(a) AND \(b))"
        case let .or(a, b): return "(\(a) OR \(b))"
        case let .not(a): return "NOT \(a)"
        }
    }
}

public enum MergeComparison: String, Sendable {
    case eq = "=", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="

    func holds(_ c: Int) -> Bool {
        switch self {
        case .eq: return c == 0
        case .ne: return c != 0
        case .lt: return c < 0
        case .le: return c <= 0
        case .gt: return c > 0
        case .ge: return c >= 0
        }
    }
}

/// What happens to a target row whose key a source row matches. Clauses are tried in order; the first whose
/// condition holds (or that has none) applies, and a row no clause applies to is left as it is.
public enum MatchedClause: Sendable {
    /// Replace the target row by the source row (all columns).
    case update(when: MergeCondition? = nil)
    /// Delete the target row.
    case delete(when: MergeCondition? = nil)
}

/// What happens to a source row that matches no target row.
public enum NotMatchedClause: Sendable {
    /// Insert the source row when `when` (over source columns only) holds or is absent.
    case insert(when: Predicate? = nil)
}

/// A MERGE: match source rows to target rows by `keyColumns`, then apply the clauses.
public struct MergeSpec: Sendable {
    public var keyColumns: [String]
    public var whenMatched: [MatchedClause]
    public var whenNotMatched: NotMatchedClause?
    /// When the source holds a key more than once, the row with the greatest value in this column wins (the
    /// later row on ties); without it duplicate keys are ``DeltaLogError/duplicateSourceKeys(key:count:)``.
    public var winnerColumn: String?
    /// Transaction id, isolation, file layout and schema evolution, as for appends. The key columns always
    /// get bloom filters.
    public var writeOptions: WriteOptions
    /// How often the whole operation is re-planned after a logical conflict with a concurrent commit.
    public var maxConflictRetries: Int
    /// Keys (a batch holding at least `keyColumns`; other columns are ignored) whose target rows are deleted in
    /// the same commit, as if a key DELETE (``DeltaTable/delete(keys:keyColumns:options:maxConflictRetries:)``)
    /// had committed just before the MERGE: such rows are removed whatever the matched clauses say, and a source
    /// row with one of these keys then matches nothing, so it goes to `whenNotMatched` (an upsert re-creates the
    /// record, also from a copy older than the deleted one). Keys the table does not hold are ignored.
    public var deleteKeys: RecordBatch?

    public init(keyColumns: [String], whenMatched: [MatchedClause] = [.update()], whenNotMatched: NotMatchedClause? = .insert(),
                winnerColumn: String? = nil, writeOptions: WriteOptions = WriteOptions(), maxConflictRetries: Int = 8,
                deleteKeys: RecordBatch? = nil) {
        self.keyColumns = keyColumns
        self.whenMatched = whenMatched
        self.whenNotMatched = whenNotMatched
        self.winnerColumn = winnerColumn
        self.writeOptions = writeOptions
        self.maxConflictRetries = maxConflictRetries
        self.deleteKeys = deleteKeys
    }

    /// The CommCare upsert: keep the newest copy of each record by `keyColumns`. A matched row is replaced
    /// only when the source is at least as new (`newerBy`, e.g. `server_modified_on`) or the target has no
    /// value there; a source row whose `deleteFlag` column is true deletes the record instead. The records of
    /// `deleteKeys` are deleted first, in the same commit (``deleteKeys``).
    public static func upsert(keyColumns: [String], newerBy: String? = nil, deleteFlag: String? = nil,
                              deleteKeys: RecordBatch? = nil, writeOptions: WriteOptions = WriteOptions()) -> MergeSpec {
        var matched: [MatchedClause] = []
        let fresh: MergeCondition? = newerBy.map { .or(.compare(source: $0, .ge, target: $0), .target(.isNull($0))) }
        if let deleteFlag {
            let flagged = MergeCondition.source(.eq(deleteFlag, .boolean(true)))
            matched.append(.delete(when: fresh.map { .and(flagged, $0) } ?? flagged))
        }
        matched.append(.update(when: fresh))
        let insert: NotMatchedClause = .insert(when: deleteFlag.map { .or(.isNull($0), .eq($0, .boolean(false))) })
        return MergeSpec(keyColumns: keyColumns, whenMatched: matched, whenNotMatched: insert, winnerColumn: newerBy,
                         writeOptions: writeOptions, deleteKeys: deleteKeys)
    }
}

/// What a MERGE, DELETE or UPDATE did.
public struct MutationResult: Sendable {
    public let commit: CommitResult
    public var sourceRows = 0
    public var rowsInserted = 0
    public var rowsUpdated = 0
    public var rowsDeleted = 0
    /// Existing data files that got a new deletion vector or were removed.
    public var filesTouched = 0
    public var filesAdded = 0
    /// How many times the operation was planned (1 = no conflict).
    public var attempts = 1
}
