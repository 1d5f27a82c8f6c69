import Foundation

/// Runs a helper program (Python peers, service scripts) to completion and captures its output.
public enum Subprocess {
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// `run` on a thread of its own, so that waiting for the child never blocks one of the few threads
    /// that all concurrently running tests share.
    public static func run(_ arguments: [String]) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try runBlocking(arguments) }) }
        }
    }

    /// Runs `arguments[0]`, found on PATH, with the rest as its arguments.
    public static func runBlocking(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain stderr on another thread so that a chatty child cannot block on a full pipe.
        let errors = Drained(err.fileHandleForReading)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self),
                       stderr: String(decoding: errors.wait(), as: UTF8.self))
    }

    /// Reads a file handle to its end on a background thread.
    private final class Drained: @unchecked Sendable {
        private let finished = DispatchSemaphore(value: 0)
        private var data = Data()

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                finished.signal()
            }
        }

        func wait() -> Data {
            finished.wait()
            return data
        }
    }
}
