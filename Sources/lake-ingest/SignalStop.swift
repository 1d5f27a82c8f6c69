import Dispatch
import Foundation

/// SIGINT and SIGTERM through dispatch signal sources (no process-global handler state): the first one asks the
/// service to stop after the commit in progress; a second one exits at once (the uncommitted batch is simply read
/// again on the next start).
final class SignalStop: @unchecked Sendable {
    private let queue = DispatchQueue(label: "lake-ingest.signals")
    private var sources: [DispatchSourceSignal] = []
    /// Only touched on `queue`.
    private var received = 0

    init(onStop: @escaping @Sendable (String) -> Void) {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)  // the dispatch source sees the signal; the default action must not kill us
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [unowned self] in
                self.received += 1
                if self.received == 1 {
                    onStop(name)
                } else {
                    FileHandle.standardError.write(Data("lake-ingest: second \(name); exiting now\n".utf8))
                    exit(128 + number)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        queue.sync { for s in sources { s.cancel() } }
    }
}
