import Foundation
import XCTest
@testable import RareSepIO

/// Plots and report.html: nice ticks, legends, the element palette, values below the
/// floor leaving the axis, and a self-contained report per case kind.
final class ReportTests: XCTestCase {
    // MARK: - checks on SVG text

    /// Every `<g class="series" data-series=X>` has a legend entry naming X.
    static func legendProblems(_ svg: String) -> [String] {
        let series = matches(#"<g class="series" data-series="([^"]*)""#, svg)
        let legend = Set(matches(#"<g class="legend-entry" data-series="([^"]*)""#, svg))
        var out = series.filter { !legend.contains($0) }.map { "series '\($0)' has no legend entry" }
        if series.isEmpty { out.append("no series") }
        return out
    }

    /// Tick labels per panel and axis: linear axes on one 1-2-5 step, log axes on whole decades.
    static func tickProblems(_ svg: String) -> [String] {
        var out: [String] = []
        for panel in svg.components(separatedBy: "<g class=\"panel\">").dropFirst() {
            for axis in ["x", "y", "y2"] {
                let labels = matches(#"class="tick" data-axis="\#(axis)" data-value="([^"]*)""#, panel)
                let values = labels.compactMap(Double.init)
                guard values.count == labels.count else { out.append("\(axis) labels not numbers: \(labels)"); continue }
                guard values.count >= 2 else { if axis != "y2" && values.count < 1 { out.append("\(axis): no ticks") }; continue }
                let isLog = values.allSatisfy { $0 > 0 && abs(log10($0) - log10($0).rounded()) < 1e-9 }
                    && values.count > 2 && abs(values[1] / values[0] - values[2] / values[1]) < 1e-6 && values[1] / values[0] >= 10
                if isLog { continue }
                let step = values[1] - values[0]
                for k in 1..<values.count where abs(values[k] - values[k - 1] - step) > 1e-6 * abs(step) {
                    out.append("\(axis) ticks unevenly spaced: \(labels)")
                }
                let mant = step / pow(10, floor(log10(step)))
                if ![1.0, 2, 5].contains(where: { abs($0 - mant) < 1e-6 }) { out.append("\(axis) step \(step) is not 1, 2 or 5 × 10^k: \(labels)") }
            }
        }
        return out
    }

    static func matches(_ pattern: String, _ text: String) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern)
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: 1), in: text)!])
        }
    }

    // MARK: - library

    func testLinearTicksAreNiceNumbersCoveringTheRange() {
        for (lo, hi) in [(-1.0, 0.5), (0, 10080), (0.0013, 0.0471), (-3.3, 3.3), (2.5, 2.5), (0, 1e7), (1e-7, 3e-6)] {
            let a = Axis.linear(lo, hi, label: "v")
            XCTAssertLessThanOrEqual(a.lo, min(lo, hi)); XCTAssertGreaterThanOrEqual(a.hi, max(lo, hi))
            XCTAssert((3...12).contains(a.ticks.count), "\(lo)…\(hi): \(a.ticks)")
            let step = a.ticks[1] - a.ticks[0]
            let mant = step / pow(10, floor(log10(step)))
            XCTAssert([1.0, 2, 5].contains { abs($0 - mant) < 1e-6 }, "\(lo)…\(hi): step \(step)")
            for t in a.ticks {
                let v = Double(a.label(for: t))
                XCTAssertNotNil(v, a.label(for: t))
                XCTAssertEqual(v ?? .nan, t, accuracy: step * 1e-6, "label \(a.label(for: t)) of tick \(t)")
            }
        }
        // The pH axis the issue found labelled only at its ends now has a tick every 0.2 or 0.25.
        XCTAssertGreaterThanOrEqual(Axis.linear(-1, 0.5, label: "pH").ticks.count, 4)
    }

    func testLogAxisLabelsDecadesAndTimeAxisPicksItsUnit() {
        let a = Axis.log(3e-9, 4.2, label: "c")
        XCTAssertEqual(a.lo, 1e-9, accuracy: 1e-24); XCTAssertEqual(a.hi, 10)
        XCTAssertEqual(a.ticks.count + a.minorTicks.count, 11)
        for t in a.ticks { XCTAssertEqual(log10(t), log10(t).rounded(), accuracy: 1e-9); XCTAssertNotNil(Double(a.label(for: t))) }
        XCTAssertEqual(Axis.time(span: 120).label, "time (s)")
        XCTAssertEqual(Axis.time(span: 10080).label, "time (min)")
        XCTAssertEqual(Axis.time(span: 30000).label, "time (h)")
        let t = Axis.time(span: 10080)
        XCTAssertEqual(t.fraction(10080 * 60 / 60) * (t.hi - t.lo) + t.lo, 168, accuracy: 1e-9)
    }

    func testValuesBelowTheFloorLeaveTheAxisWithAnEdgeMarker() {
        let y = Axis.log(1e-6, 1, label: "c")
        let dips = PlotSeries(name: "Nd", color: Palette.color(for: "Nd"), x: [1, 2, 3, 4, 5], y: [1, 1e-3, 1e-14, 0, 1e-2])
        let gone = PlotSeries(name: "Dy", color: Palette.color(for: "Dy"), x: [1, 2, 3, 4, 5], y: [1e-20, 1e-20, 1e-20, 1e-20, 1e-20])
        let panel = PlotPanel(x: Axis.linear(1, 5, label: "stage"), y: y, series: [dips, gone], height: 200)
        let svg = PlotFigure(title: "t", panels: [panel]).svg()
        let nd = svg.components(separatedBy: "data-series=\"Nd\"")[1].components(separatedBy: "</g>")[0]
        // the line leaves at stage 2…3 and comes back at 4…5: one marker at each edge crossing
        XCTAssertEqual(nd.components(separatedBy: "class=\"off-axis\"").count - 1, 2)
        // no point of the line lies below the plot's bottom edge (drawn flat along it)
        let bottom = 40.0 + 200
        for pts in Self.matches(#"points="([^"]*)""#, nd) {
            let ys = pts.split(separator: " ").map { Double($0.split(separator: ",")[1])! }
            XCTAssert(ys.allSatisfy { $0 <= bottom + 0.05 }, pts)
            XCTAssertLessThanOrEqual(ys.filter { abs($0 - bottom) < 0.05 }.count, 1, "a flat run along the floor: \(pts)")
        }
        XCTAssert(svg.contains("Dy (below axis)"), "a series entirely below the floor says so in the legend")
        XCTAssertEqual(Self.legendProblems(svg), [])
    }

    func testElementsKeepOneColourAndDistinctColours() {
        let rare = ["La", "Ce", "Pr", "Nd", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Y", "Sc"]
        XCTAssertEqual(Set(rare.map(Palette.color(for:))).count, rare.count)
        XCTAssertEqual(Palette.color(for: "NdCl3"), Palette.color(for: "Nd"))
        XCTAssertEqual(Palette.color(for: "HNO3"), Palette.color(for: "H"))
        XCTAssertEqual(Palette.color(for: "XYZ"), Palette.color(for: "XYZ"))
        // components that are not elements take distinct colours no element of the case uses
        let abc = Palette.colors(for: ["A", "B", "C", "Nd", "HCl"])
        XCTAssertEqual(Set(abc).count, 5)
        XCTAssertEqual(abc[3], Palette.color(for: "Nd"))
    }

    // MARK: - through the executable, one case per kind

    /// Run `arguments` (a case, --output added) and check the set's report.html:
    /// self-contained, every plot of the set inline, legends and ticks, the case file shown.
    func checkReport(_ arguments: [String], caseFile: String, file: StaticString = #filePath, line: UInt = #line,
                     inspect: ((_ dir: String, _ html: String) throws -> Void)? = nil) throws -> String {
        let dir = TestPaths.temporaryDirectory() + "/out"
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        let r = try runCLI(arguments + [caseFile, "--output", dir])
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        // no terminal here: long runs print no progress line (nor its carriage returns and erase codes)
        XCTAssertFalse(r.stderr.contains("\r") || r.stderr.contains("\u{1B}[K") || r.stderr.contains(" left"),
                       "progress text without a terminal: \(r.stderr)", file: file, line: line)
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        XCTAssert(html.hasPrefix("<!DOCTYPE html>"), file: file, line: line)
        XCTAssertEqual(html.components(separatedBy: "url(").count, html.components(separatedBy: "url(#").count,
                       "only references inside the page (url(#id))", file: file, line: line)
        for fetch in ["src=", "href=\"http", "href='http", "@import", "<script", "<link", "<iframe", "<img"] {
            XCTAssertFalse(html.lowercased().contains(fetch), "report.html must fetch nothing: found \(fetch)", file: file, line: line)
        }
        var plots = 0
        for case let name as String in FileManager.default.enumerator(atPath: dir)! where name.hasSuffix(".svg") {
            let svg = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            XCTAssert(html.contains(svg.replacingOccurrences(of: " xmlns=\"http://www.w3.org/2000/svg\"", with: "")),
                      "\(name) is not inline in report.html", file: file, line: line)
            plots += 1
            if name.hasSuffix("flowsheet.svg") { continue }   // the block diagram has no axes
            XCTAssertEqual(Self.legendProblems(svg), [], name, file: file, line: line)
            XCTAssertEqual(Self.tickProblems(svg), [], name, file: file, line: line)
        }
        XCTAssertGreaterThan(plots, 0, file: file, line: line)
        // every CSV of the set is rectangular (fields with commas quoted) and names a unit per quantity column
        for case let name as String in FileManager.default.enumerator(atPath: dir)! where name.hasSuffix(".csv") {
            // leading comment lines ("# raresep sweep ...") are not rows
            let lines = try String(contentsOfFile: dir + "/" + name, encoding: .utf8).split(separator: "\n").drop { $0.hasPrefix("#") }
            let width = lines.first.map { CSVUnitConverter.fields($0).count } ?? 0
            for (k, l) in lines.enumerated() where CSVUnitConverter.fields(l).count != width {
                XCTFail("\(name) line \(k + 1): \(CSVUnitConverter.fields(l).count) fields, header has \(width)", file: file, line: line); break
            }
        }
        // every summary JSON of the set against its schema in docs/schemas
        XCTAssertGreaterThan(try JSONSchemaCheck.checkOutputSet(dir, file: file, line: line), 0, "a summary with a schema id", file: file, line: line)
        XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, plots, "one inline plot per SVG file", file: file, line: line)
        let caseText = try String(contentsOfFile: TestPaths.root + "/" + caseFile, encoding: .utf8)
        let firstLine = caseText.split(separator: "\n").first.map(String.init) ?? ""
        XCTAssert(html.contains(HTMLReport.e(firstLine)), "the case file is shown", file: file, line: line)
        for part in ["Summary", "Warnings", "Solver report", "Inputs"] {
            XCTAssert(html.contains(">\(part)</h2>"), "section \(part)", file: file, line: line)
        }
        try inspect?(dir, html)
        return html
    }

    func testCascadeRunWritesASelfContainedReport() throws {
        let html = try checkReport(["run"], caseFile: "cases/default.yaml")
        XCTAssert(html.contains("recovery %") && html.contains("g/L"), "outlet table with units")
        XCTAssert(html.contains("class=\"mark\""), "feed stages marked on the profile")
    }

    func testColumnRunWritesAReportWithShadedProgramme() throws {
        let html = try checkReport(["run"], caseFile: "cases/column-b1.yaml")
        XCTAssert(html.contains("class=\"band\""), "programme sections shaded")
        XCTAssert(html.contains(">time (min)<") || html.contains(">time (s)<") || html.contains(">time (h)<"))
    }

    func testFitWritesAReportWithCurvesPerSeriesAndErrorBars() throws {
        let html = try checkReport(["fit", "--quiet"], caseFile: "cases/fit-dy-logD.yaml")
        // log D against pH, one data series and one fitted curve per extractant dose
        let series = Self.matches(#"<g class="series" data-series="([^"]*) fit""#, html)
        XCTAssertGreaterThanOrEqual(series.count, 2, "\(series)")
        XCTAssert(html.contains("class=\"error-bar\""), "the dataset's uncertainties as error bars")
    }

    func testFlowsheetRunWritesAReportWithUnitPlots() throws {
        let html = try checkReport(["run"], caseFile: "cases/plant-ndfeb.yaml")
        for part in ["Stream table", "Plant balance", "Oxide products", "Recycle loops", "Unit "] {
            XCTAssert(html.contains(part), part)
        }
    }

    func testEmulsionFlowRunWritesUnitProfilesInline() throws {
        // ef1 takes hold-up and K·a from the droplet swarm (flooding keys), ef2 has entrainment
        let html = try checkReport(["run"], caseFile: "cases/emulsion-flow-two-units.yaml")
        for unit in ["ef1", "ef2"] { XCTAssert(html.contains("unit \(unit): profiles along the height"), unit) }
    }

    func testDesignRunWritesTheChosenDesignsReportAndSizing() throws {
        let html = try checkReport(["design", "--quiet"], caseFile: "cases/design-dy-tb.yaml") { dir, html in
            // the design tables hold the run's own outputs: design.json, sizing.json, technologies.json
            func json(_ name: String) throws -> [String: Any] {
                try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))) as? [String: Any])
            }
            func cell(_ v: Double, _ format: String = "%.4g") -> String { "<td class=\"n\">\(HTMLReport.num(v, format))</td>" }
            let design = try XCTUnwrap(try json("design.json")["design"] as? [String: Any])
            let stages = try XCTUnwrap(design["stages"] as? [String: Int])
            for (section, n) in stages {
                XCTAssert(html.contains("<tr><td>\(section)</td><td class=\"n\">\(n)</td>"), "stage count of \(section)")
            }
            for key in ["organic_flow_L_per_h", "scrub_flow_L_per_h", "strip_flow_L_per_h", "feed_flow_L_per_h"] {
                XCTAssert(html.contains(cell(try XCTUnwrap(design[key] as? Double)) + "<td>L/h</td>"), key)
            }
            let product = try XCTUnwrap((design["products"] as? [[String: Any]])?.first)
            for key in ["purity", "recovery"] {
                XCTAssert(html.contains(cell(100 * (try XCTUnwrap(product[key] as? Double)), "%.3f")), "verified \(key)")
            }
            // the chosen design is on the Pareto front with the sized solvent inventory and footprint of sizing.json
            let sizing = try json("sizing.json")
            let solvent = try XCTUnwrap((sizing["solvent_inventory"] as? [String: Any])?["total_m3"] as? Double)
            let footprint = try XCTUnwrap((sizing["footprint"] as? [String: Any])?["total_m2"] as? Double)
            let front = try XCTUnwrap(html.components(separatedBy: "Pareto front: stages vs solvent inventory vs footprint").dropFirst().first?
                .components(separatedBy: "</table>").first)
            let chosenRow = try XCTUnwrap(front.components(separatedBy: "<tr>").first { $0.contains("<td>chosen</td>") })
            XCTAssert(chosenRow.contains(cell(solvent)) && chosenRow.contains(cell(footprint)), chosenRow)
            XCTAssert(chosenRow.contains("<td class=\"n\">\(try XCTUnwrap(design["total_stages"] as? Int))</td>"), chosenRow)
            // no row of the front is dominated by another
            let rows = front.components(separatedBy: "<tr>").dropFirst(2).map { r in
                ReportTests.matches(#"<td class="n">([^<]*)</td>"#, r).compactMap(Double.init)
            }
            for a in rows { for b in rows where a != b {
                // columns: 3 sections, total, organic, solvent, footprint, purity, recovery
                XCTAssertFalse(b[3] <= a[3] && b[5] <= a[5] && b[6] <= a[6], "\(a) dominated by \(b)")
            } }
            // one row per technology of technologies.json, and the shortcut's numbers
            let techs = try XCTUnwrap(try json("technologies.json")["rows"] as? [[String: Any]])
            for t in techs { XCTAssert(html.contains("<td>\(try XCTUnwrap(t["technology"] as? String))</td>"), "technology row") }
            let shortcut = try XCTUnwrap(try json("design.json")["shortcut"] as? [String: Any])
            XCTAssert(html.contains("<td>\(HTMLReport.num(try XCTUnwrap(shortcut["separation_factor"] as? Double)))</td>"), "β of the shortcut")
            XCTAssert(html.contains("<td>\(HTMLReport.num(try XCTUnwrap(shortcut["extraction_stages"] as? Double), "%.2f"))</td>"), "shortcut stages")
        }
        for part in ["Candidates and Pareto front", "Technology comparison", "Shortcut estimates", "Chosen design: cascade"] {
            XCTAssert(html.contains(">\(part)</h2>"), part)
        }
        XCTAssert(html.contains("McCabe–Thiele"), "the chosen design's McCabe–Thiele diagram")
    }

    func testSweepWritesAReportWithPlanStatisticsAndScatterPlots() throws {
        let html = try checkReport(["sweep", "--quiet"], caseFile: "cases/sweep-default.yaml")
        for part in ["Varied inputs", "Recorded outputs", ">Points</h2>", ">Failed points</h2>", "sections.scrub.stages", "Dy purity [%]"] {
            XCTAssert(html.contains(part), part)
        }
        // one scatter figure per recorded output, one panel per varied input (3 here)
        XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, 5)
        XCTAssertEqual(html.components(separatedBy: "<g class=\"panel\">").count - 1, 15)
        XCTAssert(html.contains("<td>Newton iterations</td>"), "a row per output")
    }

    func testSweepStatisticsAndQuantiles() throws {
        // 1…101: mean 51, type-7 quantiles at (n − 1)·P: 3.5, 51, 98.5
        let s = try XCTUnwrap(SweepRunReport.OutputStatistics((1...101).map { Double($0) } + [nil, .nan], quantiles: true))
        XCTAssertEqual(s.count, 101); XCTAssertEqual(s.min, 1); XCTAssertEqual(s.max, 101); XCTAssertEqual(s.mean, 51)
        XCTAssertEqual(s.quantiles?.0 ?? .nan, 3.5, accuracy: 1e-12)
        XCTAssertEqual(s.quantiles?.1 ?? .nan, 51, accuracy: 1e-12)
        XCTAssertEqual(s.quantiles?.2 ?? .nan, 98.5, accuracy: 1e-12)
        XCTAssertNil(SweepRunReport.OutputStatistics([nil], quantiles: false))
    }

    func testDynamicRunWritesAReportWithTimeSeries() throws {
        let html = try checkReport(["run"], caseFile: "cases/dynamic-prommis-like.yaml")
        XCTAssert(html.contains("time ("), "a time axis in s, min or h")
    }

    func testColumnTrainRunWritesAReportWithItsCycles() throws {
        let html = try checkReport(["run"], caseFile: "cases/column-carousel.yaml")
        XCTAssert(html.contains("Cycles") && html.contains("cyclic steady state"), "the cycle table and the steady-state verdict")
    }
}
