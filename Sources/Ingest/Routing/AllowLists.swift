/// Which domains and subtypes are ingested. An empty list allows everything.
public struct AllowLists: Sendable, Equatable {
    public var domains: Set<String>
    /// Form xmlns values (full URIs, as in `document_subtype`).
    public var formXmlns: Set<String>
    public var caseTypes: Set<String>

    public init(domains: Set<String> = [], formXmlns: Set<String> = [], caseTypes: Set<String> = []) {
        self.domains = domains
        self.formXmlns = formXmlns
        self.caseTypes = caseTypes
    }

    public func allows(domain: String) -> Bool { domains.isEmpty || domains.contains(domain) }

    /// Whether a record of `subtype` on `topic` is ingested. Locations have no subtype filter.
    public func allows(topic: ChangeTopic, subtype: String?) -> Bool {
        switch topic {
        case .forms: return formXmlns.isEmpty || subtype.map(formXmlns.contains) == true
        case .cases: return caseTypes.isEmpty || subtype.map(caseTypes.contains) == true
        case .locations: return true
        }
    }
}
