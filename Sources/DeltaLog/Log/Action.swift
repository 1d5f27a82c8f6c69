/// One line of a commit file. Actions SwiftLake does not know (`cdc`, `domainMetadata`, future ones) are
/// skipped when reading, as the protocol asks of readers.
public enum Action: Sendable, Hashable {
    case `protocol`(ProtocolAction)
    case metaData(Metadata)
    case add(AddFile)
    case remove(RemoveFile)
    case txn(SetTransaction)
    case commitInfo(CommitInfo)

    var json: JSONValue {
        switch self {
        case let .protocol(p): return .object([("protocol", p.json)])
        case let .metaData(m): return .object([("metaData", m.json)])
        case let .add(a): return .object([("add", a.json)])
        case let .remove(r): return .object([("remove", r.json)])
        case let .txn(t): return .object([("txn", t.json)])
        case let .commitInfo(c): return .object([("commitInfo", c.json)])
        }
    }

    /// Whether a reader parses this action's line (``encode(_:)``) back into exactly this action, so a committer may
    /// apply the action in memory instead of parsing what it wrote. Only what the log reader refuses or rewrites
    /// breaks that: a negative size or deletion-vector field, and a path whose unescaped URI-scheme part holds a `%`.
    var decodesAsItself: Bool {
        switch self {
        case let .add(f):
            return f.size >= 0 && PathCoding.roundTrips(f.path) && f.deletionVector?.decodesAsItself != false
        case let .remove(r):
            return PathCoding.roundTrips(r.path) && r.deletionVector?.decodesAsItself != false
        case .protocol, .metaData, .txn, .commitInfo:
            return true
        }
    }

    /// Parses one action line; nil for an action kind SwiftLake ignores.
    static func parse(line: JSONValue) throws(ActionFieldError) -> Action? {
        guard let members = line.objectValue else { throw ActionFieldError(detail: "an action line must be an object") }
        for (name, body) in members {
            switch name {
            case "protocol": return .protocol(try ProtocolAction(json: body))
            case "metaData": return .metaData(try Metadata(json: body))
            case "add": return .add(try AddFile(json: body))
            case "remove": return .remove(try RemoveFile(json: body))
            case "txn": return .txn(try SetTransaction(json: body))
            case "commitInfo": return .commitInfo(try CommitInfo(json: body))
            default: continue
            }
        }
        return nil
    }

    /// Serializes a commit: one JSON object per line, each line ending in a newline.
    public static func encode(_ actions: [Action]) -> [UInt8] {
        var out: [UInt8] = []
        // An add or remove line carries its statistics JSON escaped (a quote becomes two bytes): sized up front, a
        // commit of many files is not copied over and over as it grows.
        out.reserveCapacity(actions.reduce(0) { n, a in
            switch a {
            case let .add(f): return n + 320 + (f.stats?.utf8.count ?? 0) * 5 / 4
            case let .remove(r): return n + 320 + (r.stats?.utf8.count ?? 0) * 5 / 4
            default: return n + 256
            }
        })
        for a in actions {
            a.json.write(into: &out)
            out.append(0x0A)
        }
        return out
    }

    /// Parses a commit file. Blank lines are allowed; a malformed line is an error naming `path` and the line.
    public static func decode(_ bytes: [UInt8], path: String) throws(DeltaLogError) -> [Action] {
        // Untyped closure plus Result: typed throws through withUnsafeBytes crashes the 6.3 compiler.
        let result: Result<[Action], DeltaLogError> = bytes.withUnsafeBytes { buf in decodeLines(buf, path: path) }
        return try result.get()
    }

    private static func decodeLines(_ buf: UnsafeRawBufferPointer, path: String) -> Result<[Action], DeltaLogError> {
        var out: [Action] = []
        var lineNumber = 0
        var start = 0
        let n = buf.count
        while start < n {
            var end = start
            while end < n && buf[end] != 0x0A { end += 1 }
            lineNumber += 1
            let line = UnsafeRawBufferPointer(rebasing: buf[start..<end])
            start = end + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            do {
                if let a = try Action.parse(line: try JSONParser.parse(line)) { out.append(a) }
            } catch let e as JSONError {
                return .failure(.malformedAction(path: path, line: lineNumber, detail: e.description))
            } catch let e as ActionFieldError {
                return .failure(.malformedAction(path: path, line: lineNumber, detail: e.detail))
            } catch {
                return .failure(.malformedAction(path: path, line: lineNumber, detail: "\(error)"))
            }
        }
        return .success(out)
    }
}
