import Foundation
import TestSupport
import Columnar

/// Runs the pyarrow fixture scripts as subprocesses. pyarrow is a test-only peer: under plain `swift test`
/// without it the interop tests skip with a printed reason; under scripts/test or CI it must be present.
enum ParquetPyarrow {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static var fixtureDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("ParquetFixtures").path
    }

    /// Runs `python3 args...`, returning its standard output; throws with its stderr on failure.
    @discardableResult
    static func python(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure(description: "python3 \(args.joined(separator: " ")) failed: \(String(decoding: stderr, as: UTF8.self))")
        }
        return String(decoding: stdout, as: UTF8.self)
    }

    /// Whether pyarrow can be used; prints why not and returns false when the run may skip.
    static func available(_ test: String = #function) throws -> Bool {
        if (try? python(["-c", "import pyarrow"])) != nil { return true }
        if TestServices.required { throw Failure(description: "pyarrow is required under scripts/test but python3 cannot import it") }
        print("SKIP \(test): python3 with pyarrow is not available (run scripts/test to install it)")
        return false
    }

    /// Canonical text of a value, matching make_fixtures.py's `canonical`.
    static func canonical(_ column: Column, _ i: Int) -> Any {
        if column.isNull(i) { return NSNull() }
        switch column.value(at: i) {
        case .null: return NSNull()
        case let .boolean(b): return b ? "true" : "false"
        case let .int32(x): return String(x)
        case let .int64(x): return String(x)
        case let .date(x): return String(x)
        case let .timestamp(x): return String(x)
        case let .float32(x): return "f32:" + hex(UInt64(x.bitPattern), digits: 8)
        case let .float64(x): return "f64:" + hex(x.bitPattern, digits: 16)
        case let .string(s): return s
        case let .binary(b): return "hex:" + b.map { hex(UInt64($0), digits: 2) }.joined()
        }
    }

    static func hex(_ v: UInt64, digits: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}
