/// Progress of a long operation on standard error: a bar redrawn in place on a terminal, one plain line per
/// step otherwise (logs and pipes), so standard output stays the result alone.
struct ProgressReporter: Sendable {
    let task: String
    let isTerminal: Bool

    init(_ task: String, isTerminal: Bool = Console.stderrIsTerminal) {
        self.task = task
        self.isTerminal = isTerminal
    }

    static let barWidth = 30

    /// `done` of `total` steps, with a short note.
    func update(_ done: Int, of total: Int, _ note: String = "") {
        Console.write(text(done, of: total, note), to: 2)
    }

    /// A step without a count.
    func note(_ text: String) {
        Console.write(self.text(note: text), to: 2)
    }

    /// What `update` writes: on a terminal a carriage return, the bar and an erase-to-end-of-line (a newline
    /// once done); otherwise one line.
    func text(_ done: Int, of total: Int, _ note: String = "") -> String {
        let suffix = note.isEmpty ? "" : " " + note
        guard isTerminal else { return "\(task): \(done)/\(total)\(suffix)\n" }
        let filled = total > 0 ? max(0, min(Self.barWidth, done * Self.barWidth / total)) : Self.barWidth
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: Self.barWidth - filled)
        return "\r\(task) [\(bar)] \(done)/\(total)\(suffix)\u{1B}[K" + (done >= total ? "\n" : "")
    }

    func text(note: String) -> String {
        isTerminal ? "\r\(task): \(note)\u{1B}[K\n" : "\(task): \(note)\n"
    }
}
