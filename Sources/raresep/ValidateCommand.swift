import ArgumentParser
import Foundation
import RareSepCore
import RareSepIO

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Run every validation case under Validation/ and compare with its reference.")

    @Option(help: "Validation root directory (default: the Validation/ beside Models/).")
    var root: String?

    @Option(help: "Only cases whose path contains this text.")
    var filter: String?

    @Flag(help: "Print every compared quantity.")
    var verbose = false

    func run() throws {
        let library = try ModelLibrary.locate()
        let dir = root ?? ((library.root as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Validation")
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw InputError(location: SourceLocation(file: dir), key: root == nil ? "(Validation directory)" : "--root", value: nil,
                             expected: "a directory of validation cases (looked for \(dir)\(root == nil ? ", beside the Models/ directory \(library.root); give --root" : ""))")
        }
        var cases = ValidationRunner.discover(root: dir)
        if cases.isEmpty {
            throw InputError(location: SourceLocation(file: dir), key: root == nil ? "(Validation directory)" : "--root", value: nil,
                             expected: "validation cases (a folder with a spec.yaml each); \(dir) has none")
        }
        if let filter {
            cases = cases.filter { $0.contains(filter) }
            if cases.isEmpty {
                throw InputError(location: SourceLocation(file: dir), key: "--filter", value: filter,
                                 expected: "text contained in the path of a validation case under \(dir)")
            }
        }
        var passed = 0, failed = 0
        for c in cases {
            let o = ValidationRunner.run(directory: c, library: library, root: dir)
            print(o.summaryLine)
            if verbose {
                for (cmp, tol, ok) in o.comparisons {
                    print("    \(ok ? "ok  " : "FAIL") \(cmp.name) = \(cmp.value) ref \(cmp.reference) \(tol?.description ?? cmp.kind.rawValue)")
                }
            }
            if o.passed { passed += 1 } else { failed += 1 }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 || cases.isEmpty { throw ExitCode(1) }
    }
}
