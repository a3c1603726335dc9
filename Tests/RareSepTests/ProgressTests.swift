import Foundation
import XCTest
@testable import RareSepCore

/// The progress line: its text (counts and simulated time, with an injected clock), one
/// line at a time, silent unless asked and on a terminal.
final class ProgressTests: XCTestCase {
    final class Sink: @unchecked Sendable { var text = ""; var now: UInt64 = 0 }

    func testSimulatedTimeLineShowsFractionSpeedAndTimeLeft() {
        // 60 of 168 min simulated in 2 s of wall time: 1800× real time, 216 min left at that pace = 3.6 s
        XCTAssertEqual(ProgressReporter.line(label: "column", done: 3600, total: 10080, unit: "simulated", style: .simulatedTime, seconds: 2),
                       "column 60/168 min simulated (36 %), 1800× real time, 4 s left")
        XCTAssertEqual(ProgressReporter.line(label: "dynamic cascade", done: 0, total: 120, unit: "simulated", style: .simulatedTime, seconds: 0),
                       "dynamic cascade 0/120 s simulated (0 %)")
        XCTAssertEqual(ProgressReporter.line(label: "design", done: 12, total: 0, unit: "designs evaluated", style: .count, seconds: 4),
                       "design 12 designs evaluated, 3/s, 4 s")
    }

    func testInjectedClockDrivesRateAndRedrawsAtMostTenTimesASecond() {
        let sink = Sink()
        let p = ProgressReporter(label: "fit", total: 4, unit: "starts", quiet: false, force: true, write: { sink.text += $0 }, clock: { sink.now })
        sink.now = 1_000_000_000; p.advance()          // first item: drawn
        sink.now = 1_050_000_000; p.advance()          // 50 ms later: not redrawn
        XCTAssertEqual(sink.text.components(separatedBy: "\r").count - 1, 1, sink.text)
        XCTAssertTrue(sink.text.hasSuffix("fit 1/4 starts, 1/s, 3 s left"), sink.text)
        sink.now = 2_000_000_000; p.advance()
        XCTAssertTrue(sink.text.hasSuffix("fit 3/4 starts, 1.5/s, 1 s left"), sink.text)
        p.finish(); p.finish()
        XCTAssertTrue(sink.text.hasSuffix("fit 3/4 starts, 1.5/s, 2 s\n"), sink.text)
    }

    func testOneLineAtATimeAndSilentUnlessAsked() {
        let sink = Sink()
        let outer = ProgressReporter(label: "sweep", total: 2, unit: "points", quiet: false, force: true) { sink.text += $0 }
        XCTAssertTrue(outer.isEnabled)
        // a column inside a sweep point draws nothing while the sweep's line is up
        let inner = ProgressReporter(label: "column", total: 100, unit: "simulated", style: .simulatedTime, quiet: false, force: true) { _ in sink.text += "INNER" }
        XCTAssertFalse(inner.isEnabled)
        inner.update(to: 50); inner.finish()
        outer.finish()
        XCTAssertFalse(sink.text.contains("INNER"))
        // after the outer line ends, the next reporter may draw
        XCTAssertTrue(ProgressReporter(label: "x", total: 1, quiet: false, force: true) { _ in }.isEnabled)
        // library default: silent unless the run asked for progress
        XCTAssertFalse(ProgressReporter(label: "x", total: 1, force: true) { _ in }.isEnabled)
        ProgressReporter.$shown.withValue(true) {
            XCTAssertTrue(ProgressReporter(label: "x", total: 1, force: true) { _ in }.isEnabled)
            XCTAssertFalse(ProgressReporter(label: "x", total: 1, quiet: true, force: true) { _ in }.isEnabled)
        }
    }
}
