import ArgumentParser
import DeltaLog

/// `deltalog verify TABLE`: checks that the log replays and that every live file and deletion vector is
/// present, of the recorded size, and intact. Lists each fault; exits with 1 when there is any.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that the log replays and every referenced data file and deletion vector exists with the recorded size and verifies (page checksums included).")

    @OptionGroup var target: TableOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let location = try target.open()
        let table = location.table
        var faults: [(path: String, kind: String, detail: String)] = []
        for fault in table.verifyLog() { faults.append((fault.path, fault.kind.rawValue, fault.detail)) }
        var snapshot: Snapshot?
        do { snapshot = try table.snapshot() } catch {
            // A broken commit usually fails the replay too: list it once.
            if !faults.contains(where: { $0.detail == error.description }) {
                faults.append(("_delta_log", "log does not replay", error.description))
            }
        }
        let files = snapshot?.files ?? []
        let progress = ProgressReporter("verify")
        for (i, f) in files.enumerated() {
            if let snapshot {
                for fault in table.verify(file: f, in: snapshot) { faults.append((fault.path, fault.kind.rawValue, fault.detail)) }
            }
            progress.update(i + 1, of: files.count, f.path)
        }
        let deletionVectors = files.filter { $0.deletionVector != nil }.count
        if output.json {
            Console.json(.members([
                ("table", .string(location.label)), ("ok", .bool(faults.isEmpty)),
                ("version", snapshot.map { .int($0.version) } ?? .null),                 ("files", .int(files.count)), ("deletion_vectors", .int(deletionVectors)),
                ("faults", .array(faults.map { .members([("path", .string($0.path)), ("kind", .string($0.kind)), ("detail", .string($0.detail))]) })),
            ]))
        } else {
            for f in faults { Console.out("FAULT \(f.path): \(f.kind): \(f.detail)") }
            Console.out("\(faults.isEmpty ? "ok" : "FAILED"): \(location.label) version \(snapshot.map { String($0.version) } ?? "?"), "
                        + "\(Plural.count(files.count, "file")), \(Plural.count(deletionVectors, "deletion vector")) checked, \(Plural.count(faults.count, "fault"))")
        }
        if !faults.isEmpty { throw CLIError.verificationFailed(faults: faults.count) }
    }
}
