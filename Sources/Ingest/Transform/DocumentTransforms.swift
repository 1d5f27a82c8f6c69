/// The built-in transforms that work on the document tree, before flattening (DESIGN.md steps 4–5).
public enum DocumentTransforms {
    /// Forms: `type` = the xmlns without `http://openrosa.org/formdesigner/`.
    public static func addFormType(_ doc: inout JSONObject) {
        let xmlns = doc["xmlns"]?.stringValue ?? doc["form"]?["@xmlns"]?.stringValue
        guard let xmlns else { return }
        let prefix = TableIdentity.formDesignerPrefix
        doc["type"] = .string(xmlns.hasPrefix(prefix) ? String(xmlns.dropFirst(prefix.count)) : xmlns)
    }

    /// The user whose location enriches the record: `user_id`, else `form.meta.userID`.
    public static func userID(of doc: JSONObject) -> String? {
        if let u = doc["user_id"]?.stringValue, !u.isEmpty { return u }
        if let u = doc["form"]?["meta"]?["userID"]?.stringValue, !u.isEmpty { return u }
        return nil
    }

    /// Location enrichment: one `<location_type>_id` column per location in `chain` (root first); the columns in
    /// `ensure` (the partition columns, e.g. `supervisor_id`) are present, null when the user has no such level.
    public static func addLocation(_ doc: inout JSONObject, chain: [LocationNode], ensure: [String]) {
        for node in chain {
            doc[LocationNode.columnPrefix(node.typeName) + "_id"] = .string(node.locationID)
        }
        for column in ensure where doc[column] == nil { doc[column] = .null }
    }

    /// `month` = the first day of the month of `opened_on` (cases) or `form.meta.timeEnd` (forms), as
    /// `YYYY-MM-DD`; null when the source field is missing or not a date.
    public static func addMonth(_ doc: inout JSONObject, topic: ChangeTopic) {
        let source: JSONValue?
        switch topic {
        case .cases: source = doc["opened_on"]
        case .forms: source = doc["form"]?["meta"]?["timeEnd"]
        case .locations: return
        }
        guard let text = source?.stringValue, let parsed = HQTime.parse(text) else {
            doc["month"] = .null
            return
        }
        doc["month"] = .string(HQTime.formatDate(HQTime.firstOfMonth(parsed.day)))
    }
}
