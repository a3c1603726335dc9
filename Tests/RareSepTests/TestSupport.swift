import Foundation
import XCTest
@testable import RareSepIO

/// Paths of the package under test.
enum TestPaths {
    /// Package root (…/Tests/RareSepTests/TestSupport.swift → root).
    static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static var models: String { root + "/Models" }
    static var validation: String { root + "/Validation" }
    static var library: ModelLibrary { try! ModelLibrary(root: models) }

    /// The built `raresep` executable (swift build puts it beside the test bundle).
    static var executable: String {
        var dir = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("raresep").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return root + "/.build/debug/raresep"
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() -> String {
        let p = NSTemporaryDirectory() + "raresep-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }
}

/// Result of running the CLI.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Run the built raresep executable with arguments, in `directory`; with
/// `addressSpaceKB` and `timeoutSeconds`, under `ulimit -v` and `timeout` in a shell.
func runCLI(_ arguments: [String], in directory: String = TestPaths.root, addressSpaceKB: Int? = nil,
            timeoutSeconds: Int? = nil) throws -> CLIResult {
    let p = Process()
    if addressSpaceKB != nil || timeoutSeconds != nil {
        let quoted = ([TestPaths.executable] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let limit = addressSpaceKB.map { "ulimit -v \($0); " } ?? ""
        let timeout = timeoutSeconds.map { "timeout \($0) " } ?? ""
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "\(limit)exec \(timeout)\(quoted)"]
    } else {
        p.executableURL = URL(fileURLWithPath: TestPaths.executable)
        p.arguments = arguments
    }
    p.currentDirectoryURL = URL(fileURLWithPath: directory)
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return CLIResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}
