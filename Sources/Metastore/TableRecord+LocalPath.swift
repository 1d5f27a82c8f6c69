extension TableRecord {
    /// The table's directory when its location is a `file:` URI; nil for remote locations.
    public var localPath: String? { DefinitionRules.localPath(of: location) }
}
