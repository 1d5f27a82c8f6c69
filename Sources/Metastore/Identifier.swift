/// Catalog identifiers: lower-case `[a-z0-9_]`, 1…128 characters.
///
/// Hive stores names lower-case and Spark only resolves lower-case rows (mixed-case rows are listed but
/// cannot be described or queried), so the catalog accepts nothing else. The same names become file and
/// directory names in the embedded catalog, which is why `.`, `/` and friends are refused rather than escaped.
public enum Identifier {
    /// The longest identifier accepted (Hive's `TBLS.TBL_NAME` and `DBS.NAME` are `varchar(128)`).
    public static let maxLength = 128

    /// Throws `MetastoreError.invalidName` naming the first rule `name` breaks.
    public static func validate(_ name: String) throws(MetastoreError) {
        guard !name.isEmpty else { throw .invalidName(name, rule: .empty) }
        var count = 0
        for byte in name.utf8 {
            guard isAllowed(byte) else { throw .invalidName(name, rule: .invalidCharacter) }
            count += 1
        }
        guard count <= maxLength else { throw .invalidName(name, rule: .tooLong) }
    }

    static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): return true
        default: return false
        }
    }
}
