/// Names of the files under `_delta_log/`.
public enum LogPaths {
    public static let directory = "_delta_log/"
    public static let lastCheckpoint = "_delta_log/_last_checkpoint"
    /// SwiftLake checkpoints are SwiftLake columnar files, so they carry their own suffix rather than
    /// `.checkpoint.parquet`, which a stock reader would try to parse as Parquet.
    public static let checkpointSuffix = ".checkpoint.slc"

    static func padded(_ version: Int64) -> String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    public static func commit(_ version: Int64) -> String { directory + padded(version) + ".json" }
    /// SwiftLake's native checkpoint of `version` (tables with columnar data files).
    public static func checkpoint(_ version: Int64) -> String { directory + padded(version) + checkpointSuffix }
    /// The classic Delta checkpoint of `version` (`<v>.checkpoint.parquet`), written for Parquet tables.
    public static func parquetCheckpoint(_ version: Int64) -> String { directory + padded(version) + ".checkpoint.parquet" }

    /// The version of a commit file path (`_delta_log/<20 digits>.json`), or nil for any other file.
    static func commitVersion(_ path: String) -> Int64? { version(path, suffix: ".json") }
    /// The version of any checkpoint file (native, classic, multi-part part, UUID-named), or nil.
    static func checkpointVersion(_ path: String) -> Int64? { CheckpointFile(path: path)?.version }

    private static func version(_ path: String, suffix: String) -> Int64? {
        guard path.hasPrefix(directory), path.hasSuffix(suffix) else { return nil }
        let name = path.utf8.dropFirst(directory.utf8.count).dropLast(suffix.utf8.count)
        guard name.count == 20, name.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int64(String(decoding: name, as: UTF8.self))
    }
}

/// What the log directory holds: commit files by version, and checkpoint files.
struct LogListing {
    /// Versions that have a commit file.
    var commits: Set<Int64> = []
    /// Versions that have at least one complete checkpoint, ascending.
    var checkpoints: [Int64] = []
    /// Complete checkpoints per version, best first.
    var checkpointCandidates: [Int64: [CheckpointCandidate]] = [:]
    var newest: Int64? { commits.max() ?? checkpoints.max() }

    init(storage: any Storage, after: Int64 = -1) throws(DeltaLogError) {
        let paths: [String]
        do { paths = try storage.listPaths(prefix: LogPaths.directory) } catch { throw .storage(error) }
        var files: [Int64: [CheckpointFile]] = [:]
        for p in paths {
            if let v = LogPaths.commitVersion(p) {
                if v > after { commits.insert(v) }
            } else if let f = CheckpointFile(path: p) {
                files[f.version, default: []].append(f)
            }
        }
        for (v, fs) in files {
            let complete = CheckpointCandidate.complete(fs)
            if !complete.isEmpty { checkpointCandidates[v] = complete }
        }
        checkpoints = checkpointCandidates.keys.sorted()
    }

    /// Checkpoints to try for a snapshot at `target`, best first: the one `hint` (`_last_checkpoint`) names,
    /// then every complete checkpoint from the newest at or below `target` down to `oldest`.
    func checkpointsToTry(target: Int64, oldest: Int64, hint: LastCheckpoint?) -> [CheckpointCandidate] {
        var out: [CheckpointCandidate] = []
        if let hint, hint.version <= target, hint.version >= oldest,
           let named = checkpointCandidates[hint.version]?.first(where: { hint.describes($0) }) {
            out.append(named)
        }
        for v in checkpoints.reversed() where v <= target && v >= oldest {
            for c in checkpointCandidates[v] ?? [] where !out.contains(c) { out.append(c) }
        }
        return out
    }

    /// The oldest version that can be reconstructed: 0 when every commit from 0 is present, else the oldest
    /// checkpoint followed by an unbroken run of commits up to the newest.
    func oldestAvailable() -> Int64? {
        guard let newest else { return nil }
        var v = newest
        while v > 0, commits.contains(v) { v -= 1 }
        // Commits v+1...newest are present. The chain starts at 0 if commit 0 exists, else at a checkpoint ≥ v.
        if v == 0, commits.contains(0) { return 0 }
        return checkpoints.first { $0 >= v && $0 <= newest }
    }
}
