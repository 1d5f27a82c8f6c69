/// How a table's data files are written, which decides the provider a reader is told to use.
public enum DataFormat: Sendable, Hashable, Codable {
    /// SwiftLake's own columnar files: provider `swiftlake`. Spark lists such a table and restores its
    /// schema and location, and says plainly that it has no reader for it.
    case columnar
    /// Parquet data files under a Delta log: provider `delta`, readable by Spark with Delta Lake and Trino.
    case parquet
    /// A table some other tool registered, kept with its provider (`hive` for a Hive serde table).
    case foreign(provider: String)

    /// The value of `spark.sql.sources.provider`.
    public var provider: String {
        switch self {
        case .columnar: return "swiftlake"
        case .parquet: return "delta"
        case let .foreign(provider): return provider
        }
    }

    /// The format for a stored provider name.
    public init(provider: String) {
        switch provider.lowercased() {
        case "swiftlake": self = .columnar
        case "delta": self = .parquet
        default: self = .foreign(provider: provider.lowercased())
        }
    }

    /// A Hive serde table (no Spark provider): its columns live in `COLUMNS_V2`.
    var isHiveSerDe: Bool { self == .foreign(provider: "hive") }

    /// The value of the `swiftlake.format` property.
    var propertyValue: String {
        switch self {
        case .columnar: return "columnar"
        case .parquet: return "parquet"
        case let .foreign(provider): return provider
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(provider: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(provider)
    }
}
