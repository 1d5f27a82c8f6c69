import Testing
@testable import deltalog

/// Progress: a bar redrawn in place on a terminal, plain lines elsewhere.
@Suite struct ProgressTests {
    @Test func terminalBarAndPlainLines() {
        let tty = ProgressReporter("verify", isTerminal: true)
        #expect(tty.text(1, of: 3, "a.slc") == "\rverify [##########--------------------] 1/3 a.slc\u{1B}[K")
        #expect(tty.text(3, of: 3) == "\rverify [##############################] 3/3\u{1B}[K\n")
        #expect(tty.text(0, of: 0) == "\rverify [##############################] 0/0\u{1B}[K\n")
        let plain = ProgressReporter("verify", isTerminal: false)
        #expect(plain.text(1, of: 3, "a.slc") == "verify: 1/3 a.slc\n")
        #expect(plain.text(note: "done") == "verify: done\n")
    }
}
