/// The table one record belongs to: (domain, topic, subtype), and the sanitised name and location derived from it.
///
/// Naming (DESIGN.md §7): `<domain>_<topic>_<subtype>` lower-cased with `-` → `_`, stored at
/// `<warehouse>/commcare/<domain>/<topic>/<subtype>`. Form subtypes are xmlns URIs; the
/// `http://openrosa.org/formdesigner/` prefix is dropped first (that is the form's `type`). Every component is
/// reduced to `[a-z0-9_]` (paths also keep `-`); when anything else had to be replaced, or the component is too
/// long, a hash of the raw text is appended, so two different raw values never share a table by accident.
/// The result can never be empty, `.`/`..`, or contain a `/`; table names are at most 128 characters.
public struct TableIdentity: Sendable, Hashable, Comparable {
    public let domain: String
    public let topic: ChangeTopic
    /// The raw subtype from the message (xmlns or case type); nil for the per-domain location table.
    public let subtype: String?

    public init(domain: String, topic: ChangeTopic, subtype: String?) {
        self.domain = domain
        self.topic = topic
        self.subtype = subtype
    }

    /// The prefix HQ puts in front of form designer xmlns values.
    public static let formDesignerPrefix = "http://openrosa.org/formdesigner/"

    /// Longest component kept before it is shortened with a hash.
    public static let maxComponentLength = 64

    /// The subtype as used in names: form xmlns without the form designer prefix.
    public var subtypeForNaming: String? {
        guard let subtype else { return nil }
        if topic == .forms, subtype.hasPrefix(Self.formDesignerPrefix) {
            return String(subtype.dropFirst(Self.formDesignerPrefix.count))
        }
        return subtype
    }

    /// The table name, e.g. `inp_dashboard_form_sql_f8ae9c85_38e3_4b84_bd16_0198c4907fd9`;
    /// the location table is `<domain>_location`.
    public var tableName: String {
        let d = Self.sanitise(domain, keepDash: false)
        guard let s = subtypeForNaming else { return d + "_" + topic.tableComponent }
        let name = d + "_" + topic.tableComponent + "_" + Self.sanitise(s, keepDash: false)
        guard name.utf8.count > Self.maxTableNameLength else { return name }
        // Catalogs hold at most 128 characters (Hive's TBL_NAME): keep a prefix and a hash of the whole identity.
        return String(name.prefix(Self.maxTableNameLength - 9)) + "_" + Self.fnv1a32Hex(domain + "\u{0}" + s)
    }

    /// Longest table name produced (the catalog limit, `Metastore.Identifier.maxLength`).
    public static let maxTableNameLength = 128

    /// The path of the table below the warehouse root, e.g. `commcare/inp-dashboard/form-sql/f8ae9c85-…`.
    public var relativePath: String {
        var parts = ["commcare", Self.sanitise(domain, keepDash: true), topic.rawValue]
        if let s = subtypeForNaming { parts.append(Self.sanitise(s, keepDash: true)) }
        return parts.joined(separator: "/")
    }

    /// The table's location under `warehouse` (a directory path or URI without a trailing slash).
    public func location(warehouse: String) -> String {
        var w = warehouse
        while w.count > 1, w.hasSuffix("/") { w.removeLast() }
        return w + "/" + relativePath
    }

    /// Where deletions look (they carry no subtype): every table of `domain` and `topic` lives under this
    /// directory of the warehouse, e.g. `commcare/inp-dashboard/case-sql/`.
    public static func directory(domain: String, topic: ChangeTopic) -> String {
        "commcare/" + sanitise(domain, keepDash: true) + "/" + topic.rawValue + "/"
    }

    /// Whether `location` (a table location under `warehouse`) holds a table of `domain` and `topic`.
    public static func isTable(at location: String, of domain: String, _ topic: ChangeTopic, warehouse: String) -> Bool {
        let prefix = TableIdentity(domain: domain, topic: topic, subtype: nil).location(warehouse: warehouse)
        guard location.hasPrefix(prefix + "/") else { return false }
        let rest = location.dropFirst(prefix.count + 1)
        return !rest.isEmpty && !rest.contains("/")
    }

    public static func < (a: TableIdentity, b: TableIdentity) -> Bool {
        (a.domain, a.topic, a.subtype ?? "") < (b.domain, b.topic, b.subtype ?? "")
    }

    /// One name component: lower-case ASCII letters, digits and `_` (plus `-` when `keepDash`).
    public static func sanitise(_ raw: String, keepDash: Bool) -> String {
        var out = ""
        var lossy = raw.isEmpty
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9", "_":
                out.unicodeScalars.append(scalar)
            case "A"..."Z":
                out.unicodeScalars.append(Unicode.Scalar(scalar.value + 32) ?? "_")
            case "-":
                out.unicodeScalars.append(keepDash ? "-" : "_")
            default:
                out.unicodeScalars.append("_")
                lossy = true
            }
        }
        if out.utf8.count > maxComponentLength {
            out = String(out.prefix(maxComponentLength - 9))
            lossy = true
        }
        if lossy { out += "_" + fnv1a32Hex(raw) }
        return out
    }

    /// FNV-1a (32 bit) of the UTF-8 bytes as 8 hex digits: stable across runs and platforms.
    static func fnv1a32Hex(_ s: String) -> String {
        var h: UInt32 = 0x811C_9DC5
        for b in s.utf8 {
            h ^= UInt32(b)
            h = h &* 0x0100_0193
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
