import Foundation

/// Polling for what a test waits on (a log line, a warehouse state): the deadline bounds a broken run, it is never
/// what the test asserts.
enum Wait {
    /// Checks `condition` every 200 ms until it holds; false if it still does not after `seconds`.
    static func until(_ seconds: Double, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if condition() { return true }
            if Date() >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Waits until the log at `path` holds more than `count` lines containing `needle`.
    static func forLog(_ path: String, _ needle: String, moreThan count: Int, seconds: Double = 60) async -> Bool {
        await until(seconds) { LakeIngestProcess.lines(path, containing: needle).count > count }
    }
}
