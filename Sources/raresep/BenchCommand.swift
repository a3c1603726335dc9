import ArgumentParser
import CAllocationCounter
import Foundation
import RareSepBench
import RareSepIO

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (build with -c release): median times and ratios against baselines run in this process.")

    @Flag(help: "Print the results as a JSON array.")
    var json = false

    @Flag(help: "Skip the dense baselines (quick look).")
    var noBaseline = false

    @Option(help: "Run only benchmarks whose name contains this text (ending in '$': whose name ends with it, e.g. ladder-100$).")
    var filter: String?

    func run() throws {
        let library = try ModelLibrary.locate()
        let root = (library.root as NSString).deletingLastPathComponent
        let counter: (() -> Int64)? = raresep_allocation_count() >= 0 ? { Int64(raresep_allocation_count()) } : nil
        var o = CascadeBenchmarks.Options(packageRoot: root, library: library, allocationCount: counter,
                                          executable: Bundle.main.executablePath)
        o.baseline = !noBaseline
        o.filter = filter
        var results = try CascadeBenchmarks.run(o) { name in
            if !json { FileHandle.standardError.write(Data("running \(name)…\n".utf8)) }
        }
        if o.wants("flowsheet-2-cascade-recycle") {
            if !json { FileHandle.standardError.write(Data("running flowsheet-2-cascade-recycle…\n".utf8)) }
            results.append(try FlowsheetBenchmarks.twoCascadeRecycle(o))
        }
        if o.wants("emulsion-flow-unit") {
            if !json { FileHandle.standardError.write(Data("running emulsion-flow-unit…\n".utf8)) }
            results.append(try ContactorBenchmarks.unit(o))
        }
        if o.wants("emulsion-flow-tbdy") {
            if !json { FileHandle.standardError.write(Data("running emulsion-flow-tbdy…\n".utf8)) }
            results.append(try ContactorBenchmarks.tbdy(o))
        }
        if o.wants("design-dy-tb") {
            if !json { FileHandle.standardError.write(Data("running design-dy-tb…\n".utf8)) }
            results.append(try DesignBenchmarks.dyTb(o))
        }
        if o.wants("design-tbdy") {
            if !json { FileHandle.standardError.write(Data("running design-tbdy…\n".utf8)) }
            results.append(try DesignBenchmarks.tbdy(o))
        }
        if o.wants("dynamic-default-step") {
            if !json { FileHandle.standardError.write(Data("running dynamic-default-step…\n".utf8)) }
            results.append(try DynamicBenchmarks.defaultStep(o))
        }
        for (name, bench) in [("dynamic-3-stage-12h", DynamicBenchmarks.threeStage12h), ("dynamic-default-startup", DynamicBenchmarks.defaultStartup),
                            ("dynamic-plant-ndfeb", DynamicPlantBenchmarks.ndfeb)]
        where o.wants(name) {
            if !json { FileHandle.standardError.write(Data("running \(name)…\n".utf8)) }
            results.append(try bench(o))
        }
        if o.wants("column-b1") {
            if !json { FileHandle.standardError.write(Data("running column-b1…\n".utf8)) }
            results.append(ColumnBenchmarks.b1(allocationCount: counter))
        }
        if o.wants("column-grm-b1") {
            if !json { FileHandle.standardError.write(Data("running column-grm-b1…\n".utf8)) }
            results.append(ColumnBenchmarks.grmB1())
        }
        if o.wants("column-carousel") {
            if !json { FileHandle.standardError.write(Data("running column-carousel…\n".utf8)) }
            results.append(ColumnBenchmarks.carousel(packageRoot: root))
        }
        if o.wants("sweep-default") {
            if !json { FileHandle.standardError.write(Data("running sweep-default…\n".utf8)) }
            results.append(try SweepBenchmarks.sweepDefault(o))
        }
        if o.wants("sweep-1000") {
            if !json { FileHandle.standardError.write(Data("running sweep-1000…\n".utf8)) }
            results.append(try SweepBenchmarks.sweep1000(o))
        }
        if results.isEmpty {
            throw ValidationError("no benchmark name matches '\(filter ?? "")'")
        }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(results), as: UTF8.self))
            return
        }
        #if DEBUG
        print("note: this is a debug build; measure with `swift build -c release` (./dev bench)")
        #endif
        for r in results {
            var line = r.name.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: "%10.3f ms  (%d runs)", r.median_ms, r.runs)
            if let s = r.stages, let n = r.species { line += "  \(s) stages × \(n) species" }
            if let it = r.iterations { line += ", \(it) iterations" }
            if let c = r.cells, let e = r.max_abs_error { line += String(format: "  %d cells, max abs error %.2e mol/m³", c, e) }
            if let a = r.allocations_per_iteration { line += String(format: ", %.1f allocations/iteration", a) }
            if let w = r.solve_reused_workspace_ms { line += String(format: "; %.3f ms on a reused workspace", w) }
            print(line)
            if let b = r.baseline, let bm = r.baseline_median_ms, let ratio = r.ratio {
                let pad = "".padding(toLength: 22, withPad: " ", startingAt: 0)
                if let d = r.max_rel_diff {
                    print(String(format: "%@baseline %@: %.3f ms → %.2f× %@; max relative difference %.1e", pad, b, bm, ratio, ratio >= 1 ? "faster" : "slower", d))
                } else {
                    // a yardstick that computes something else (one solve against a whole design): no difference to report
                    print(String(format: "%@yardstick %@: %.3f ms (baseline/this %.2f)", pad, b, bm, ratio))
                }
            }
            if let note = r.note { print("".padding(toLength: 22, withPad: " ", startingAt: 0) + note) }
        }
    }
}
