// swift-tools-version:6.0
import PackageDescription

/// System libraries come from Debian's -dev packages; `scripts/test` installs them.
func systemLibrary(_ name: String, pkgConfig: String?, apt: String) -> Target {
    .systemLibrary(name: name, path: "Sources/\(name)", pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "SwiftLake",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Columnar", targets: ["Columnar"]),
        .library(name: "DeltaLog", targets: ["DeltaLog"]),
        .library(name: "Metastore", targets: ["Metastore"]),
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "Ingest", targets: ["Ingest"]),
        .executable(name: "deltalog", targets: ["deltalog"]),
        .executable(name: "lake-ingest", targets: ["lake-ingest"]),
        .executable(name: "lake-bench", targets: ["lake-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // C libraries.
        systemLibrary("CZlib", pkgConfig: "zlib", apt: "zlib1g-dev"),
        systemLibrary("CZstd", pkgConfig: "libzstd", apt: "libzstd-dev"),
        systemLibrary("CLibpq", pkgConfig: "libpq", apt: "libpq-dev"),
        systemLibrary("CLZ4", pkgConfig: "liblz4", apt: "liblz4-dev"),
        systemLibrary("CSnappy", pkgConfig: "snappy", apt: "libsnappy-dev"),
        systemLibrary("CRoaring", pkgConfig: nil, apt: "libroaring-dev"),
        // Small C helpers: the CPU's CRC-32C instruction (SSE4.2, checked at run time; Codecs falls back to
        // software) and Linux's early writeback hint for streamed files.
        .target(name: "CShims"),

        // Thin, tested Swift wrappers over the C libraries.
        .target(name: "Codecs", dependencies: ["CZlib", "CZstd", "CLZ4", "CSnappy", "CShims"]),
        .target(name: "PostgresClient", dependencies: ["CLibpq"]),

        // The engine, one module per concern; dependencies point one way.
        .target(name: "Columnar", dependencies: ["Codecs", "CShims"]),
        .target(name: "DeltaLog", dependencies: ["Columnar", "Codecs", "CRoaring"]),
        .target(name: "Kafka", dependencies: ["Codecs"]),
        .target(name: "Metastore", dependencies: ["PostgresClient", "Columnar", "DeltaLog"]),
        .target(name: "Ingest", dependencies: [
            "DeltaLog", "Metastore", "Kafka", "Columnar", "Codecs", "PostgresClient", "CShims",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Executables.
        .executableTarget(name: "deltalog", dependencies: [
            "DeltaLog", "Metastore", "Columnar", "Ingest",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "lake-ingest", dependencies: [
            "Ingest", "DeltaLog", "Metastore", "Columnar",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "lake-bench", dependencies: [
            "Ingest", "DeltaLog", "Kafka", "Columnar", "Codecs",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Benchmarks/lake-bench"),

        // Tests: one target per module, plus end-to-end, sharing a small support library.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "CodecsTests", dependencies: ["TestSupport", "Codecs"]),
        .testTarget(name: "PostgresClientTests", dependencies: ["TestSupport", "PostgresClient"]),

        // Columnar: issue 4
        .testTarget(name: "ColumnarTests", dependencies: ["TestSupport", "Columnar"], exclude: ["ParquetFixtures"]),

        // DeltaLog: issues 5, 6
        .testTarget(name: "DeltaLogTests", dependencies: ["TestSupport", "DeltaLog", "Columnar"]),

        // Metastore: issue 7
        .testTarget(name: "MetastoreTests", dependencies: ["TestSupport", "Metastore", "PostgresClient", "Columnar", "DeltaLog"]),

        // Kafka: issue 8
        .testTarget(name: "KafkaTests", dependencies: ["TestSupport", "Kafka", "Codecs"], exclude: ["Samples", "Scripts"]),

        // Ingest: issue 9
        .testTarget(name: "IngestTests", dependencies: ["TestSupport", "Ingest", "Codecs", "Kafka", "Columnar", "Metastore", "PostgresClient", "DeltaLog"]),

        // deltalog CLI: issue 10 (runs the built executable)
        .testTarget(name: "DeltaLogCLITests", dependencies: ["TestSupport", "deltalog", "DeltaLog", "Columnar"], exclude: ["Golden"]),

        // lake-bench at tiny sizes, so the suite cannot rot
        .testTarget(name: "LakeBenchTests", dependencies: ["lake-bench", "Columnar", "TestSupport", "DeltaLog", "Ingest", "Kafka"]),

        // end to end
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "Ingest", "DeltaLog", "Metastore", "Columnar", "Kafka",
                                                          "PostgresClient"], exclude: ["Scripts"]),
    ]
)
