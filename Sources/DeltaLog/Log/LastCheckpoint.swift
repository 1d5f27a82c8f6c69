/// `_delta_log/_last_checkpoint`: a hint naming the newest checkpoint, so a reader tries that one first.
/// Fields as the protocol's "Last Checkpoint File Schema": `version`, `size` (actions), `parts` (multi-part
/// only), `sizeInBytes`, `numOfAddFiles`, and for a UUID-named V2 checkpoint `v2Checkpoint.path`.
///
/// It is only a hint: a missing, unparsable or stale file is ignored and the reader lists the log instead.
/// The optional `checksum` is neither written nor verified (SwiftLake has no MD5); anything it would catch
/// is caught when the checkpoint it points at is read.
struct LastCheckpoint: Sendable, Equatable {
    var version: Int64
    var size: Int64
    var parts: Int?
    var sizeInBytes: Int64?
    var numOfAddFiles: Int64?
    /// The file name of a UUID-named V2 checkpoint, when the writer recorded it.
    var v2Path: String?

    var json: JSONValue {
        .members([
            ("version", .int(version)), ("size", .int(size)), ("parts", parts.map { .int(Int64($0)) }),
            ("sizeInBytes", sizeInBytes.map(JSONValue.int)), ("numOfAddFiles", numOfAddFiles.map(JSONValue.int)),
        ])
    }

    init(version: Int64, size: Int64, parts: Int? = nil, sizeInBytes: Int64? = nil, numOfAddFiles: Int64? = nil) {
        self.version = version
        self.size = size
        self.parts = parts
        self.sizeInBytes = sizeInBytes
        self.numOfAddFiles = numOfAddFiles
    }

    init?(json: JSONValue) {
        guard let v = json["version"]?.intValue, v >= 0, let s = json["size"]?.intValue else { return nil }
        version = v
        size = s
        if let p = json["parts"], !p.isNull {
            guard let n = p.intValue, n >= 1, n <= 100_000 else { return nil }
            parts = Int(n)
        }
        sizeInBytes = json["sizeInBytes"]?.intValue
        numOfAddFiles = json["numOfAddFiles"]?.intValue
        v2Path = json["v2Checkpoint"]?["path"]?.stringValue
    }

    /// The hint, or nil when there is none or it does not parse.
    static func read(_ storage: any Storage) -> LastCheckpoint? {
        guard let bytes = try? storage.read(LogPaths.lastCheckpoint), let json = try? JSONParser.parse(bytes) else { return nil }
        return LastCheckpoint(json: json)
    }

    func write(_ storage: any Storage) throws(DeltaLogError) {
        do { try storage.write(LogPaths.lastCheckpoint, Array(json.serialized.utf8)) } catch { throw .storage(error) }
    }

    /// Whether `candidate` is the checkpoint this hint describes.
    func describes(_ candidate: CheckpointCandidate) -> Bool {
        guard candidate.version == version, candidate.files.count == (parts ?? 1) else { return false }
        guard let v2Path else { return true }
        return candidate.files.first?.path.hasSuffix("/" + v2Path) ?? false
    }
}
