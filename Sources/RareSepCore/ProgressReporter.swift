import Foundation

/// A one-line progress display for long runs (sweep points, column time, design
/// evaluations): "sweep 12/40 points, 3.1/s, 9 s left", redrawn in place on standard
/// error at most ten times a second. It prints nothing unless standard error is a
/// terminal and `quiet` is false, so logs and pipes stay clean. Thread-safe: workers
/// call `advance()` as they finish items.
public final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let unit: String
    private let total: Int
    private let enabled: Bool
    private let start: UInt64
    private var done = 0
    private var lastDraw: UInt64 = 0
    private var drawn = false
    private let write: (String) -> Void

    /// A reporter for `total` items called `unit` ("points"); `label` starts the line.
    /// Draws only when `quiet` is false and standard error is a terminal (or `force`).
    public init(label: String, total: Int, unit: String = "items", quiet: Bool = false, force: Bool = false,
                write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.label = label
        self.total = max(0, total)
        self.unit = unit
        self.enabled = !quiet && (force || isatty(STDERR_FILENO) == 1)
        self.start = DispatchTime.now().uptimeNanoseconds
        self.write = write
    }

    /// Whether anything is drawn.
    public var isEnabled: Bool { enabled }

    /// Count `count` more finished items and redraw when due.
    public func advance(by count: Int = 1) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        done += count
        let now = DispatchTime.now().uptimeNanoseconds
        if done < total && now - lastDraw < 100_000_000 { return }
        lastDraw = now
        draw(now)
    }

    /// The line for `done` of `total` after `seconds` (rate and time left once known).
    public static func line(label: String, done: Int, total: Int, unit: String, seconds: Double) -> String {
        var s = "\(label) \(done)/\(total) \(unit)"
        if done > 0 && seconds > 0 {
            let rate = Double(done) / seconds
            s += ", " + (rate >= 10 ? String(format: "%.0f", rate) : String(format: "%.2g", rate)) + "/s"
            if done < total { s += ", " + duration(Double(total - done) / rate) + " left" }
            else { s += ", " + duration(seconds) }
        }
        return s
    }

    /// "42 s", "3 min 5 s", "1 h 02 min".
    public static func duration(_ s: Double) -> String {
        guard s.isFinite else { return "?" }
        let t = Int(s.rounded())
        if t < 60 { return "\(t) s" }
        if t < 3600 { return "\(t / 60) min \(t % 60) s" }
        return String(format: "%d h %02d min", t / 3600, (t % 3600) / 60)
    }

    private func draw(_ now: UInt64) {
        let secs = Double(now - start) / 1e9
        write("\r\u{1B}[K" + Self.line(label: label, done: done, total: total, unit: unit, seconds: secs))
        drawn = true
    }

    /// End the line (a newline after the last drawing); call once when done.
    public func finish() {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        draw(DispatchTime.now().uptimeNanoseconds)
        if drawn { write("\n") }
    }
}
