import Foundation

/// The checks every backend applies before storing anything, so both reject the same input with the same
/// error and store the same normalised record.
enum DefinitionRules {
    /// `SDS.LOCATION` and `DBS.DB_LOCATION_URI` are `varchar(4000)`.
    static let maxLocationLength = 4000
    /// `COLUMNS_V2.COLUMN_NAME` is `varchar(767)`.
    static let maxColumnNameLength = 767
    /// `DATABASE_PARAMS.PARAM_KEY` is `varchar(180)` (the other `*_PARAMS` keys 256); one limit for both.
    static let maxPropertyKeyLength = 180
    /// `DATABASE_PARAMS.PARAM_VALUE` is `varchar(4000)`; the same limit keeps table values portable.
    static let maxPropertyValueLength = 4000

    /// The record for a validated `definition`.
    static func record(_ d: CatalogTableDefinition, owner: String?, createTime: Int64) throws(MetastoreError) -> TableRecord {
        try Identifier.validate(d.database)
        try Identifier.validate(d.name)
        let fail = { (reason: String) in MetastoreError.invalidDefinition(database: d.database, table: d.name, reason: reason) }
        let location = try normalisedLocation(d.location, database: d.database, table: d.name)
        guard !d.columns.isEmpty else { throw fail("a table needs at least one column") }
        var seen = Set<String>()
        for c in d.columns {
            guard !c.name.isEmpty else { throw fail("a column name is empty") }
            guard c.name.utf8.count <= maxColumnNameLength else {
                throw .valueTooLong(field: "column name '\(c.name.prefix(40))…'", length: c.name.utf8.count, limit: maxColumnNameLength)
            }
            guard seen.insert(c.name.lowercased()).inserted else { throw fail("column '\(c.name)' appears twice (names are case-insensitive)") }
            // PostgreSQL's varchar(n) counts code points, not grapheme clusters.
            if let comment = c.comment, comment.unicodeScalars.count > CatalogColumn.maxCommentLength {
                throw .valueTooLong(field: "comment of column '\(c.name)'", length: comment.unicodeScalars.count, limit: CatalogColumn.maxCommentLength)
            }
        }
        var partitionColumns: [CatalogColumn] = []
        for p in d.partitionColumns {
            guard let c = d.columns.first(where: { $0.name.lowercased() == p.lowercased() }) else {
                throw fail("partition column '\(p)' is not a column")
            }
            guard !partitionColumns.contains(where: { $0.name == c.name }) else { throw fail("partition column '\(p)' appears twice") }
            guard c.type.sparkAtomicName != nil else { throw fail("partition column '\(p)' must have an atomic type") }
            partitionColumns.append(c)
        }
        guard partitionColumns.count < d.columns.count else { throw fail("a table needs at least one column that is not a partition column") }
        try checkProperties(d.properties, database: d.database, table: d.name)
        if let v = d.deltaVersion, v < 0 { throw fail("the Delta version is negative") }
        let partitionNames = Set(partitionColumns.map(\.name))
        return TableRecord(
            database: d.database, name: d.name, location: location, format: d.format,
            columns: d.columns.filter { !partitionNames.contains($0.name) } + partitionColumns,
            partitionColumns: partitionColumns.map(\.name), properties: d.properties, deltaVersion: d.deltaVersion,
            owner: owner ?? d.owner ?? currentUser(), createTime: createTime)
    }

    /// A location as a URI: an absolute path becomes `file:/path`; anything with a scheme is kept.
    static func normalisedLocation(_ location: String, database: String, table: String?) throws(MetastoreError) -> String {
        let fail = { (reason: String) -> MetastoreError in
            if let table { return .invalidDefinition(database: database, table: table, reason: reason) }
            return .invalidDefinition(database: database, table: "", reason: reason)
        }
        guard location.utf8.count <= maxLocationLength else {
            throw .valueTooLong(field: "location", length: location.utf8.count, limit: maxLocationLength)
        }
        var uri = location
        if location.hasPrefix("/") {
            uri = "file:" + location
        } else if !hasScheme(location) {
            throw fail("location '\(location)' is neither an absolute path nor a URI")
        }
        while uri.count > 1, uri.hasSuffix("/"), !uri.hasSuffix(":/") { uri.removeLast() }
        return uri
    }

    static func checkProperties(_ properties: [String: String], database: String, table: String) throws(MetastoreError) {
        for (key, value) in properties {
            guard !key.isEmpty, key.utf8.count <= maxPropertyKeyLength else {
                throw .valueTooLong(field: "property key", length: key.utf8.count, limit: maxPropertyKeyLength)
            }
            guard !CatalogProperties.isReserved(key) else {
                throw .invalidDefinition(database: database, table: table, reason: "property '\(key)' is reserved for the catalog")
            }
            guard value.unicodeScalars.count <= maxPropertyValueLength else {
                throw .valueTooLong(field: "property '\(key)'", length: value.unicodeScalars.count, limit: maxPropertyValueLength)
            }
        }
    }

    /// The path of a `file:` URI, for purging data; nil for other schemes.
    static func localPath(of uri: String) -> String? {
        guard uri.hasPrefix("file:") else { return nil }
        var path = String(uri.dropFirst(5))
        // file:///x and file:/x both name /x.
        while path.hasPrefix("//") { path.removeFirst() }
        return path.hasPrefix("/") ? path : nil
    }

    static func currentUser() -> String {
        let name = NSUserName()
        return name.isEmpty ? "swiftlake" : name
    }

    private static func hasScheme(_ s: String) -> Bool {
        guard let colon = s.firstIndex(of: ":"), colon != s.startIndex else { return false }
        let scheme = s[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }
}
