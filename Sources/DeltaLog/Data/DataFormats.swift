import Columnar

/// Which ``DataFileFormat`` reads and writes a table's data files.
enum DataFormats {
    static func format(for protocolAction: ProtocolAction, metadata: Metadata) throws(DeltaLogError) -> any DataFileFormat {
        if protocolAction.usesColumnarFiles || metadata.formatProvider == "swiftlake" { return ColumnarFormat() }
        throw .invalidArgument("tables with \(metadata.formatProvider) data files are not supported yet")
    }
}
