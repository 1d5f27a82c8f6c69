/// Where a partition with no known offset starts (`kafka.auto_offset_reset`).
public enum OffsetReset: String, Sendable, Equatable {
    /// The oldest retained message: nothing is skipped (the default).
    case earliest
    /// The current end of the log: only messages produced from now on.
    case latest
}
