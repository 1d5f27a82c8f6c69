/// What happens to a form when it is archived (`XFormArchived`).
public enum ArchivedFormPolicy: String, Sendable, Equatable, CaseIterable {
    /// It leaves its table (and comes back when unarchived).
    case remove
    /// It stays, with `doc_type` = `XFormArchived`.
    case keepFlagged = "keep_flagged"
}
