import Foundation

/// A one-line progress display for long runs (sweep points, simulated column or
/// cascade time, column-train cycles, design evaluations, fit starts):
/// "sweep 12/40 points, 3.1/s, 9 s left" or "column 60/168 min simulated (36 %),
/// 430× real time, 5 s left", redrawn in place on standard error at most ten times a
/// second. It prints nothing unless standard error is a terminal and the run asked for
/// progress, so logs, pipes and tests stay clean. Thread-safe: workers call `advance()`
/// as they finish items.
///
/// One line at a time: while a drawing reporter is alive, reporters created anywhere
/// else in the process (a column inside a sweep point, a column inside a train cycle)
/// draw nothing. Library code creates reporters freely; the command line decides with
/// `ProgressReporter.$shown` (set from `--quiet`), off by default.
public final class ProgressReporter: @unchecked Sendable {
    /// What the count measures.
    public enum Style: Sendable {
        /// Whole items ("12/40 points").
        case count
        /// Simulated time in seconds, shown in s, min or h as fits the total.
        case simulatedTime
    }

    /// Whether reporters created in this task (with `quiet` not given) draw: the
    /// command line binds it to `!quiet` around a run. Off by default, and not inherited
    /// by worker threads, so evaluations inside a sweep or design stay silent.
    @TaskLocal public static var shown = false

    private static let claim = NSLock()
    nonisolated(unsafe) private static var holder: ObjectIdentifier?

    private let lock = NSLock()
    private let label: String
    private let unit: String
    private let style: Style
    private let total: Double
    private var enabled = false
    private let clock: () -> UInt64
    private let start: UInt64
    private var done = 0.0
    private var lastDraw: UInt64 = 0
    private var drawn = false
    private var finished = false
    private let write: (String) -> Void

    /// A reporter for `total` items called `unit` ("points"), or for `total` seconds of
    /// simulated time (`style: .simulatedTime`); `label` starts the line. Draws only when
    /// `quiet` is false (when nil: when `ProgressReporter.shown` is true), standard error
    /// is a terminal (or `force`), and no other reporter is drawing. `write` receives the
    /// text; `clock` gives nanoseconds (tests inject one).
    public init(label: String, total: Double, unit: String = "items", style: Style = .count, quiet: Bool? = nil, force: Bool = false,
                write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) },
                clock: @escaping () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }) {
        self.label = label
        self.total = total.isFinite ? max(0, total) : 0
        self.unit = unit
        self.style = style
        self.clock = clock
        self.start = clock()
        self.write = write
        if !(quiet ?? !Self.shown) && (force || isatty(STDERR_FILENO) == 1) {
            Self.claim.lock()
            if Self.holder == nil { Self.holder = ObjectIdentifier(self); enabled = true }
            Self.claim.unlock()
        }
    }

    /// A reporter counting `total` whole items.
    public convenience init(label: String, total: Int, unit: String = "items", quiet: Bool? = nil, force: Bool = false,
                            write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) },
                            clock: @escaping () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }) {
        self.init(label: label, total: Double(total), unit: unit, style: .count, quiet: quiet, force: force, write: write, clock: clock)
    }

    deinit { release() }

    private func release() {
        guard enabled else { return }
        Self.claim.lock()
        if Self.holder == ObjectIdentifier(self) { Self.holder = nil }
        Self.claim.unlock()
    }

    /// Whether anything is drawn.
    public var isEnabled: Bool { enabled }

    /// Count `count` more finished items and redraw when due.
    public func advance(by count: Int = 1) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        done += Double(count)
        redrawIfDue()
    }

    /// Set the amount done (simulated time in s, items) and redraw when due.
    public func update(to value: Double) {
        guard enabled, value.isFinite else { return }
        lock.lock(); defer { lock.unlock() }
        done = value
        redrawIfDue()
    }

    private func redrawIfDue() {
        guard !finished else { return }
        let now = clock()
        if done < total && drawn && now &- lastDraw < 100_000_000 { return }
        lastDraw = now
        draw(now)
    }

    /// The line for `done` of `total` items after `seconds` (rate and time left once known).
    public static func line(label: String, done: Int, total: Int, unit: String, seconds: Double) -> String {
        line(label: label, done: Double(done), total: Double(total), unit: unit, style: .count, seconds: seconds)
    }

    /// The line for `done` of `total` (items, or simulated seconds) after `seconds` of wall time.
    /// A total of 0 means unknown: the count and the rate only. The `final` line (and any
    /// line with everything done) shows the elapsed time instead of the time left.
    public static func line(label: String, done: Double, total: Double, unit: String, style: Style, seconds: Double,
                            final: Bool = false) -> String {
        var s: String
        let rate = done > 0 && seconds > 0 ? done / seconds : nil
        switch style {
        case .count:
            s = total > 0 ? "\(label) \(Int(done))/\(Int(total)) \(unit)" : "\(label) \(Int(done)) \(unit)"
            if let rate { s += ", " + (rate >= 10 ? String(format: "%.0f", rate) : String(format: "%.2g", rate)) + "/s" }
        case .simulatedTime:
            let (name, f): (String, Double) = total <= 300 ? ("s", 1) : (total <= 3 * 3600 ? ("min", 60) : ("h", 3600))
            func v(_ x: Double) -> String { x / f >= 100 ? String(format: "%.0f", x / f) : String(format: "%.3g", x / f) }
            s = "\(label) \(v(done))/\(v(total)) \(name) \(unit)"
            if total > 0 { s += String(format: " (%.0f %%)", 100 * min(done / total, 1)) }
            if let rate { s += ", " + (rate >= 10 ? String(format: "%.0f", rate) : String(format: "%.2g", rate)) + "× real time" }
        }
        if let rate {
            if total > 0 && done < total && !final { s += ", " + duration((total - done) / rate) + " left" }
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

    private func draw(_ now: UInt64, final: Bool = false) {
        let secs = Double(now &- start) / 1e9
        write("\r\u{1B}[K" + Self.line(label: label, done: done, total: total, unit: unit, style: style, seconds: secs, final: final))
        drawn = true
    }

    /// End the line (a newline after the last drawing) and let other reporters draw;
    /// call once when done (later calls do nothing).
    public func finish() {
        guard enabled else { return }
        lock.lock()
        if !finished {
            finished = true
            draw(clock(), final: true)
            write("\n")
        }
        lock.unlock()
        release()
    }
}
