import Foundation

extension InputRecords {
    /// Reads `file` (`-` is standard input) and parses it as `format`, or as detected.
    static func load(_ file: String, format: InputFormat?) throws -> InputRecords {
        let bytes: [UInt8]
        if file == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError.input(source: file, detail: "cannot read the file (missing or not readable)")
            }
            bytes = Array(data)
        }
        return try parse(bytes, format: format ?? InputFormat.detect(name: file, bytes: bytes),
                         source: file == "-" ? "standard input" : file)
    }
}
