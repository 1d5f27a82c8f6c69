/// Progress of a long operation on standard error: a bar redrawn in place on a terminal, one plain line per
/// step otherwise (logs and pipes), so standard output stays the result alone.
struct ProgressReporter: Sendable {
    let task: String
    let isTerminal: Bool

    init(_ task: String, isTerminal: Bool = Console.stderrIsTerminal) {
        self.task = task
        self.isTerminal = isTerminal
    }

    /// `done` of `total` steps, with a short note.
    func update(_ done: Int, of total: Int, _ note: String = "") {
        let suffix = note.isEmpty ? "" : " " + note
        if isTerminal {
            let width = 30
            let filled = total > 0 ? min(width, done * width / total) : width
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            Console.write("\r\(task) [\(bar)] \(done)/\(total)\(suffix)\u{1B}[K", to: 2)
            if done >= total { Console.write("\n", to: 2) }
        } else {
            Console.err("\(task): \(done)/\(total)\(suffix)")
        }
    }

    /// A step without a count.
    func note(_ text: String) {
        if isTerminal { Console.write("\r\(task): \(text)\u{1B}[K\n", to: 2) } else { Console.err("\(task): \(text)") }
    }
}
