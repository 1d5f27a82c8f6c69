/// One checkpoint file in `_delta_log/`, recognised by its name as the Delta protocol names them:
///
/// - classic `<v>.checkpoint.parquet` (V1 spec, or V2 spec with sidecars),
/// - multi-part `<v>.checkpoint.<part:010>.<parts:010>.parquet`,
/// - UUID-named V2 `<v>.checkpoint.<uuid>.parquet` or `.json`,
/// - SwiftLake's native `<v>.checkpoint.slc` (columnar-file tables).
struct CheckpointFile: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        case native
        case classic
        case part(Int, of: Int)
        case uuid(json: Bool)
    }

    let version: Int64
    let path: String
    let kind: Kind

    /// The checkpoint file at `path`, or nil when `path` is not one (commits, sidecars, temporary files).
    init?(path: String) {
        let dir = LogPaths.directory
        guard path.hasPrefix(dir) else { return nil }
        let name = path.dropFirst(dir.count)
        let marker = ".checkpoint."
        guard !name.contains("/"), name.count > 20 + marker.count,
              let version = Self.digits(name.prefix(20)), name.dropFirst(20).hasPrefix(marker) else { return nil }
        let rest = name.dropFirst(20 + marker.count)
        self.version = version
        self.path = path
        if rest == "slc" {
            kind = .native
        } else if rest == "parquet" {
            kind = .classic
        } else if rest.hasSuffix(".parquet") || rest.hasSuffix(".json") {
            let json = rest.hasSuffix(".json")
            let stem = rest.dropLast(json ? 5 : 8)
            let pieces = stem.split(separator: ".", omittingEmptySubsequences: false)
            if pieces.count == 2, !json, pieces[0].count == 10, pieces[1].count == 10,
               let part = Self.digits(pieces[0]), let parts = Self.digits(pieces[1]) {
                guard parts > 1, part >= 1, part <= parts, parts <= 100_000 else { return nil }
                kind = .part(Int(part), of: Int(parts))
            } else if pieces.count == 1, !stem.isEmpty {
                kind = .uuid(json: json)
            } else {
                return nil
            }
        } else {
            return nil
        }
    }

    private static func digits(_ s: Substring) -> Int64? {
        guard !s.isEmpty, s.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int64(s)
    }

    /// The number of parts of the checkpoint this file belongs to (1 unless multi-part).
    var parts: Int {
        if case let .part(_, of: n) = kind { return n }
        return 1
    }
}

/// A complete checkpoint of one version: a single file, or every part of a multi-part checkpoint in order.
struct CheckpointCandidate: Sendable, Equatable {
    let version: Int64
    let files: [CheckpointFile]

    /// The complete checkpoints among `files` (all of one version), best first: SwiftLake's own and classic
    /// files, then UUID-named V2 ones, then multi-part sets with every part present (incomplete sets are
    /// ignored, as the protocol requires).
    static func complete(_ files: [CheckpointFile]) -> [CheckpointCandidate] {
        var singles: [CheckpointCandidate] = []
        var uuids: [CheckpointCandidate] = []
        var sets: [Int: [Int: CheckpointFile]] = [:]
        for f in files {
            switch f.kind {
            case .native, .classic: singles.append(CheckpointCandidate(version: f.version, files: [f]))
            case .uuid: uuids.append(CheckpointCandidate(version: f.version, files: [f]))
            case let .part(p, of: n): sets[n, default: [:]][p] = f
            }
        }
        var out = singles.sorted { $0.files[0].path < $1.files[0].path } + uuids.sorted { $0.files[0].path < $1.files[0].path }
        for (n, parts) in sets.sorted(by: { $0.key < $1.key }) where parts.count == n {
            let ordered = (1...n).compactMap { parts[$0] }
            if let first = ordered.first { out.append(CheckpointCandidate(version: first.version, files: ordered)) }
        }
        return out
    }
}
