/// A required field of an action is missing or has the wrong JSON type. The log reader wraps it with the
/// file and line it came from (``DeltaLogError/malformedAction(path:line:detail:)``).
struct ActionFieldError: Error {
    let detail: String
}

/// Typed access to an action's members, failing with the field's name.
struct ActionFields {
    let action: String
    let json: JSONValue

    init(_ action: String, _ json: JSONValue) throws(ActionFieldError) {
        guard case .object = json else { throw ActionFieldError(detail: "\(action) is not an object") }
        self.action = action
        self.json = json
    }

    private func missing(_ f: String, _ type: String) -> ActionFieldError {
        ActionFieldError(detail: "\(action).\(f) is missing or not \(type)")
    }

    /// A member that is absent or JSON null reads as nil.
    func present(_ f: String) -> JSONValue? {
        guard let v = json[f], !v.isNull else { return nil }
        return v
    }

    func string(_ f: String) throws(ActionFieldError) -> String {
        guard let s = present(f)?.stringValue else { throw missing(f, "a string") }
        return s
    }

    func optionalString(_ f: String) throws(ActionFieldError) -> String? {
        guard let v = present(f) else { return nil }
        guard let s = v.stringValue else { throw missing(f, "a string") }
        return s
    }

    func int(_ f: String) throws(ActionFieldError) -> Int64 {
        guard let i = present(f)?.intValue else { throw missing(f, "an integer") }
        return i
    }

    func optionalInt(_ f: String) throws(ActionFieldError) -> Int64? {
        guard let v = present(f) else { return nil }
        guard let i = v.intValue else { throw missing(f, "an integer") }
        return i
    }

    func bool(_ f: String, default d: Bool? = nil) throws(ActionFieldError) -> Bool {
        guard let v = present(f) else {
            if let d { return d }
            throw missing(f, "a boolean")
        }
        guard let b = v.boolValue else { throw missing(f, "a boolean") }
        return b
    }

    func optionalBool(_ f: String) throws(ActionFieldError) -> Bool? {
        guard let v = present(f) else { return nil }
        guard let b = v.boolValue else { throw missing(f, "a boolean") }
        return b
    }

    func stringArray(_ f: String) throws(ActionFieldError) -> [String]? {
        guard let v = present(f) else { return nil }
        guard let items = v.arrayValue else { throw missing(f, "an array of strings") }
        var out: [String] = []
        for i in items {
            guard let s = i.stringValue else { throw missing(f, "an array of strings") }
            out.append(s)
        }
        return out
    }

    /// A string map; non-string values (some writers emit numbers or objects) are kept as their JSON text.
    func stringMap(_ f: String) throws(ActionFieldError) -> [String: String]? {
        guard let v = present(f) else { return nil }
        guard let members = v.objectValue else { throw missing(f, "an object") }
        var out: [String: String] = [:]
        for (k, x) in members { out[k] = x.stringValue ?? x.serialized }
        return out
    }

    /// Partition values: strings or null.
    func optionalStringMap(_ f: String) throws(ActionFieldError) -> [String: String?]? {
        guard let v = present(f) else { return nil }
        guard let members = v.objectValue else { throw missing(f, "an object") }
        var out: [String: String?] = [:]
        for (k, x) in members {
            if x.isNull { out[k] = .some(nil); continue }
            out[k] = .some(x.stringValue ?? x.serialized)
        }
        return out
    }
}
