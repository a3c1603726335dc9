import Foundation
import RareSepCore
import RareSepDynamics
import RareSepFlowsheet

/// summary.json of a dynamic flowsheet (schema `raresep.dynamic-plant-summary/1`).
public struct DynamicPlantSummary: Codable {
    /// One metal's product stream: where most of it leaves at the end.
    public struct Product: Codable {
        /// Metal symbol.
        public var metal: String
        /// Product stream where most of the metal leaves at the end.
        public var stream: String
        /// Purity (share among the metals) and molar flow (mol/s) at the end of the run and
        /// at the target (the steady flowsheet as the plant runs at the end).
        public var purity_end: Double
        /// Purity at the target (fraction).
        public var purity_target: Double
        /// Molar flow of the metal in the stream at the end, mol/s.
        public var amount_end_mol_per_s: Double
        /// … at the target, mol/s.
        public var amount_target_mol_per_s: Double
        /// Times from 0 after which purity / molar flow stay within 1 % and 0.1 % of the target, s.
        public var purity_99_s: Double?
        /// … within 0.1 %, s.
        public var purity_99_9_s: Double?
        /// Time after which the molar flow stays within 1 % of the target, s.
        public var amount_99_s: Double?
        /// … within 0.1 %, s.
        public var amount_99_9_s: Double?
    }
    /// Schema id (docs/schemas/dynamic-plant-summary.schema.json).
    public var schema = "raresep.dynamic-plant-summary/1"
    /// Case name.
    public var name: String
    /// Method id (waveform-relaxation-bdf).
    public var method: String
    /// success, or how the run stopped.
    public var status: String
    /// End of the run, s.
    public var horizon_s: Double
    /// Communication window, s.
    public var window_s: Double
    /// Windows run.
    public var windows: Int
    /// Sweeps summed over the windows.
    public var sweeps: Int
    /// Largest final relative change of a stream average in a window.
    public var worst_window_change: Double
    /// BDF steps summed over the cascade units.
    public var steps: Int
    /// Newton-matrix factorisations summed over the cascade units.
    public var factorizations: Int
    /// Solver notes.
    public var notes: [String]
    /// The events, as read.
    public var events: [String]
    /// One entry per metal.
    public var products: [Product]
    /// The plant ledger per species (as a dynamic cascade's).
    public var ledger: [DynamicSummary.Ledger]
    /// Largest |relative closure| of the plant ledger.
    public var worst_ledger_closure: Double
    /// Largest relative difference of the metals' product-stream molar flows between the end
    /// of the run and the target steady flowsheet (nil when that did not converge).
    public var end_vs_steady: Double?
}

/// A flowsheet case with a `dynamics:` block: load, simulate (`DynamicFlowsheetSimulator`),
/// write streams.csv, streams.svg, summary.json and report.html.
public enum DynamicFlowsheetRunner {
    /// What a run produced.
    public struct Outcome {
        /// The case as loaded.
        public var dynamicCase: DynamicFlowsheetCase
        /// The simulation.
        public var run: DynamicPlantRun
        /// summary.json.
        public var summary: DynamicPlantSummary
        /// The target: the steady flowsheet as the plant runs at the end.
        public var target: FlowsheetSolution?
        /// The table printed.
        public var text: String
        /// Warnings of the cascade units at the target (stage ranges), one line each.
        public var warnings: [String]
        /// Files written (with the output directory), COMPLETE last; empty without one.
        public var written: [String]
    }

    /// Load the flowsheet case `root` with its `dynamics:` block and run it in time.
    public static func execute(root: ConfigNode, path: String, library: ModelLibrary, outputDirectory: String?) throws -> Outcome {
        let fc = try FlowsheetCase.load(root: root, path: path, library: library)
        let dc = try DynamicFlowsheetCase.load(fc, node: try root.require("dynamics"))
        let out = try outputDirectory.map { try OutputDirectory($0, key: "--output", inputs: [path] + library.filesRead.all) }
        let run = try simulate(dc)
        let target = try? FlowsheetSolver.solve(run.finalFlowsheet, options: fc.options)
        let summary = summarize(dc, run: run, target: target?.converged == true ? target : nil)
        let text = table(summary)
        // the stage-range warnings of the cascade units at the target (the plant as it runs at the end)
        let warnings = target.map { FlowsheetReport.warnings($0, case: fc) } ?? []
        var written: [String] = []
        if let out, let dir = outputDirectory {
            let fs = fc.flowsheet, sp = fs.species.symbols
            var lines = ["time_s,window_start_s,stream,phase,flow_m3_per_s," + sp.map { "\($0)_mol_per_m3" }.joined(separator: ",")]
            for snap in run.snapshots {
                for (k, s) in fs.streams.enumerated() {
                    let v = snap.streams[k]
                    lines.append([CSVTable.number(snap.time), CSVTable.number(snap.windowStart), CSVTable.quoted(s.name), v.phase == .aqueous ? "aqueous" : "organic",
                                  CSVTable.number(v.flow)].joined(separator: ",") + "," + v.concentrations.map(CSVTable.number).joined(separator: ","))
                }
            }
            _ = try out.write(lines.joined(separator: "\n") + "\n", "streams.csv")
            let svg = plot(dc, run: run)
            _ = try out.write(svg, "streams.svg")
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            _ = try out.write(String(decoding: try enc.encode(summary), as: UTF8.self) + "\n", "summary.json")
            _ = try out.write(DynamicPlantRunReport.html(dc, summary: summary, plot: svg, text: text, warnings: warnings, files: library.filesRead.all), "report.html")
            try out.commit(command: "run", input: path, status: summary.status)
            written = out.written.map { "\(dir)/\($0)" } + ["\(dir)/COMPLETE"]
        }
        return Outcome(dynamicCase: dc, run: run, summary: summary, target: target, text: text, warnings: warnings, written: written)
    }

    /// Run a loaded case; errors located at the unit concerned or the `dynamics:` block.
    public static func simulate(_ dc: DynamicFlowsheetCase) throws -> DynamicPlantRun {
        do {
            return try DynamicFlowsheetSimulator.run(dc.flowsheetCase.flowsheet, holdUps: dc.holdUps, initial: dc.initial, horizon: dc.horizon,
                                                     events: dc.events, outputTimes: dc.outputTimes, options: dc.options,
                                                     steadyOptions: dc.flowsheetCase.options)
        } catch let e as DynamicPlantError {
            let node = e.unit.map { dc.flowsheetCase.unitNodes[$0] } ?? dc.node
            throw node.error("a plant that can run in time: \(e.message)")
        }
    }

    static func summarize(_ dc: DynamicFlowsheetCase, run: DynamicPlantRun, target: FlowsheetSolution?) -> DynamicPlantSummary {
        let fs = dc.flowsheetCase.flowsheet, metals = fs.metalCount, sp = fs.species.symbols
        let products = fs.streams.indices.filter { fs.streams[$0].to == nil }
        let times = run.snapshots.map(\.time)
        func amount(_ s: ProcessStream, _ j: Int) -> Double { s.flow * s.concentrations[j] }
        func purity(_ s: ProcessStream, _ j: Int) -> Double {
            let total = (0..<metals).reduce(0) { $0 + amount(s, $1) }
            return total > 0 ? amount(s, j) / total : 0
        }
        var out: [DynamicPlantSummary.Product] = []
        var endVsSteady: Double? = target == nil ? nil : 0
        if let last = run.snapshots.last, !products.isEmpty {
            for j in 0..<metals {
                let k = products.max { amount(last.streams[$0], j) < amount(last.streams[$1], j) }!
                let goal = target?.streams[k] ?? last.streams[k]
                let p = run.snapshots.map { purity($0.streams[k], j) }, a = run.snapshots.map { amount($0.streams[k], j) }
                let tp = purity(goal, j), ta = amount(goal, j)
                out.append(.init(metal: sp[j], stream: fs.streams[k].name, purity_end: p.last!, purity_target: tp,
                                 amount_end_mol_per_s: a.last!, amount_target_mol_per_s: ta,
                                 purity_99_s: DynamicAnalysis.settlingTime(times, p, target: tp, band: 0.01),
                                 purity_99_9_s: DynamicAnalysis.settlingTime(times, p, target: tp, band: 0.001),
                                 amount_99_s: DynamicAnalysis.settlingTime(times, a, target: ta, band: 0.01),
                                 amount_99_9_s: DynamicAnalysis.settlingTime(times, a, target: ta, band: 0.001)))
                if let t = target {
                    let scale = products.map { abs(amount(t.streams[$0], j)) }.max() ?? 0
                    for q in products where scale > 0 {
                        endVsSteady = max(endVsSteady!, abs(amount(last.streams[q], j) - amount(t.streams[q], j)) / max(abs(amount(t.streams[q], j)), 1e-9 * scale))
                    }
                }
            }
        }
        let ledger = run.ledger.map { DynamicSummary.Ledger(species: $0.species, fed_mol: $0.fed, out_mol: $0.out, initial_hold_up_mol: $0.initialHoldUp,
                                                                 final_hold_up_mol: $0.finalHoldUp, relative_closure: $0.relativeClosure) }
        return DynamicPlantSummary(name: dc.flowsheetCase.name, method: run.report.method, status: run.report.code.rawValue, horizon_s: dc.horizon,
                                   window_s: dc.options.window, windows: run.windows, sweeps: run.sweeps, worst_window_change: run.worstWindowChange,
                                   steps: run.statistics.steps, factorizations: run.statistics.factorizations, notes: run.report.notes,
                                   events: dc.eventLabels.map { "t = \(CSVTable.number($0.time)) s: \($0.label)" }, products: out, ledger: ledger,
                                   worst_ledger_closure: run.ledger.map { abs($0.relativeClosure) }.max() ?? 0, end_vs_steady: endVsSteady)
    }

    static func table(_ s: DynamicPlantSummary) -> String {
        func t(_ v: Double?) -> String { v.map { String(format: "%.4g h", $0 / 3600) } ?? "not reached" }
        var lines = ["Dynamic plant: \(s.name) — \(s.status), \(s.windows) windows of \(String(format: "%.4g", s.window_s)) s, \(s.sweeps) sweeps, \(s.steps) BDF steps"]
        lines += s.notes
        lines.append("Product      stream                 purity end  99 %          99.9 %        flow 99 %     flow 99.9 %")
        for p in s.products {
            lines.append("\(p.metal.padding(toLength: 12, withPad: " ", startingAt: 0)) \(p.stream.padding(toLength: 22, withPad: " ", startingAt: 0)) "
                         + String(format: "%9.4f%%  ", 100 * p.purity_end) + [t(p.purity_99_s), t(p.purity_99_9_s), t(p.amount_99_s), t(p.amount_99_9_s)]
                            .map { $0.padding(toLength: 13, withPad: " ", startingAt: 0) }.joined(separator: " "))
        }
        lines.append("Targets: the steady flowsheet as the plant runs at the end; end of run vs steady: " + (s.end_vs_steady.map { String(format: "%.1e", $0) } ?? "steady did not converge"))
        lines.append(String(format: "Plant ledger (in − out − Δhold-up, relative): worst %.1e", s.worst_ledger_closure))
        return lines.joined(separator: "\n")
    }

    static func plot(_ dc: DynamicFlowsheetCase, run: DynamicPlantRun) -> String {
        let fs = dc.flowsheetCase.flowsheet, sp = fs.species.symbols, metals = fs.metalCount
        let colors = Palette.colors(for: sp)
        let times = run.snapshots.map(\.time)
        let x = Axis.time(span: dc.horizon)
        let marks = dc.eventLabels.map { PlotMark(x: $0.time, label: "", color: "#a33") }
        var panels: [PlotPanel] = []
        for (k, s) in fs.streams.enumerated() where s.to == nil {
            let series = (0..<metals).map { j in run.snapshots.map { $0.streams[k].flow * $0.streams[k].concentrations[j] * 3600 } }
            guard let hi = series.flatMap({ $0 }).filter({ $0 > 0 && $0.isFinite }).max() else { continue }
            panels.append(PlotPanel(x: x, y: Axis.linear(0, hi * 1.02, label: "\(s.name) (mol/h)"),
                                    series: (0..<metals).map { PlotSeries(name: sp[$0], color: colors[$0], x: times, y: series[$0]) }, marks: marks, height: 200))
        }
        return PlotFigure(title: "\(dc.flowsheetCase.name): product streams over time (window averages, events marked)", panels: panels).svg()
    }
}
