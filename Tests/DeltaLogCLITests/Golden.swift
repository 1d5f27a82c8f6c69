import Foundation
import Testing

/// Golden transcripts: the normalised output of a series of commands, compared with `Golden/<name>.txt`.
/// With `SWIFTLAKE_UPDATE_GOLDEN=1` the files are (re)written instead, to be reviewed in the diff.
struct Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    let name: String
    let runner: CLIRunner
    private(set) var transcript = ""

    init(_ name: String, runner: CLIRunner) {
        self.name = name
        self.runner = runner
    }

    /// Runs `deltalog arguments`, records the exit status and standard output (and standard error when
    /// `withStderr`), and returns the raw result. `sortedAfter` sorts the output lines after that many
    /// header lines, for rows of an unpartitioned table, whose files (named by UUIDs) read in random order.
    @discardableResult
    mutating func run(_ arguments: [String], stdin: String? = nil, withStderr: Bool = false, sortedAfter: Int? = nil) throws -> CLIRunner.Result {
        let r = try runner.run(arguments, stdin: stdin)
        transcript += "$ deltalog \(arguments.map(Self.quoted).joined(separator: " "))\n"
        transcript += "[exit \(r.status)]\n"
        if let keep = sortedAfter {
            let lines = r.stdout.split(separator: "\n").map(String.init)
            transcript += (lines.prefix(keep) + lines.dropFirst(keep).sorted()).map { $0 + "\n" }.joined()
        } else {
            transcript += r.stdout
        }
        if withStderr && !r.stderr.isEmpty { transcript += "[stderr]\n" + r.stderr }
        return r
    }

    /// Shell quoting for the transcript, so each argument reads as one.
    static func quoted(_ argument: String) -> String {
        let plain = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=,:".contains($0) }
        return plain && !argument.isEmpty ? argument : "'" + argument.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// Compares (or with SWIFTLAKE_UPDATE_GOLDEN=1 writes) the normalised transcript.
    func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = Normaliser(directory: runner.directory).normalise(transcript)
        let file = Self.directory.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["SWIFTLAKE_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            Issue.record("""
                \(name): output differs from Golden/\(name).txt at line \(first + 1)
                expected: \(first < e.count ? String(e[first]) : "<end>")
                actual:   \(first < a.count ? String(a[first]) : "<end>")
                full actual output:
                \(actual)
                """, sourceLocation: sourceLocation)
        }
    }
}
