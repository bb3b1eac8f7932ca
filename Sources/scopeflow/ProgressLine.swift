import Foundation

/// One line of progress on standard error that rewrites itself in place with `\r`
/// (`step 120/500  loss 0.231  1.2 s`), for long work watched on a terminal.
///
/// It writes nothing when standard error is not a terminal (`isatty`), so logs and
/// redirected output stay clean, and it never writes to standard output, where results
/// (JSON lines, tables) go. Call ``clear()`` before printing to standard output so that
/// the printed line does not share the terminal line with the progress.
struct ProgressLine {
    /// What is counted (`step`) or the work's name (`bench rnn`).
    private let label: String
    /// The count that finishes the work, when known.
    private let total: Int?
    /// Whether the line is drawn at all.
    private let isShown: Bool
    private let start = ProgressLine.now()
    private var lastDrawn = -Double.infinity
    private var isDrawn = false

    /// Redraws at most this often, in seconds, unless the work is done.
    private static let interval = 0.1

    /// - Parameters:
    ///   - label: the word before the count, or the work's name.
    ///   - total: the count that finishes the work; nil for phases without a count.
    ///   - quiet: draws nothing even on a terminal (work that must print nothing).
    init(_ label: String, total: Int? = nil, quiet: Bool = false) {
        self.label = label
        self.total = total
        self.isShown = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// Shows `done` (of the total) and `detail`, redrawn at most ten times a second
    /// unless `done` reaches the total.
    mutating func update(_ done: Int, _ detail: String = "") {
        guard isShown else { return }
        let now = ProgressLine.now()
        guard now - lastDrawn >= Self.interval || done == total else { return }
        draw(text(done: done, detail: detail, elapsed: now - start), at: now)
    }

    /// Shows the start of a phase of the work (`timing train steps`) at once.
    mutating func phase(_ detail: String) {
        guard isShown else { return }
        let now = ProgressLine.now()
        draw(text(done: nil, detail: detail, elapsed: now - start), at: now)
    }

    /// Erases the line, leaving the cursor at the start of an empty terminal line.
    mutating func clear() {
        guard isDrawn else { return }
        Self.write("\r\u{1B}[2K")
        isDrawn = false
    }

    /// The line's text: `label done/total  detail  1.2 s`.
    func text(done: Int?, detail: String, elapsed: Double) -> String {
        var parts = [label]
        if let done { parts[0] += " " + (total.map { "\(done)/\($0)" } ?? "\(done)") }
        if !detail.isEmpty { parts.append(detail) }
        parts.append(String(format: "%.1f s", elapsed))
        return parts.joined(separator: "  ")
    }

    private mutating func draw(_ text: String, at time: Double) {
        Self.write("\r\u{1B}[2K" + text)
        lastDrawn = time
        isDrawn = true
    }

    private static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Foundation.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
