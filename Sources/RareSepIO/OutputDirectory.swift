import Foundation
import RareSepCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The directory a run writes its results into (`raresep run --output`, a fit's output
/// directory), written as a whole set:
///
/// - `init` checks the target before anything is computed or written: it must be a new
///   or empty directory, or a set an earlier RareSep run wrote (its `COMPLETE` marker
///   lists every entry; an older set may hold only RareSep's own file names); it must
///   not hold an input file of this run. Then it creates a temporary directory beside
///   the target, `<target>.tmp-<pid>-<random>`.
/// - `write` puts files into the temporary directory; every name must stay inside it
///   (`nameProblem`: no absolute path, no empty name, no `..` component).
/// - `commit` writes the `COMPLETE` marker last, then, holding a lock on the parent
///   directory so concurrent runs take turns, renames the old set aside, renames the new
///   one in and removes the old one. A set in place is therefore always one run's whole
///   set. An uncommitted directory (an error, a signal) removes its temporary directory;
///   a signal taken before the final rename (also while waiting for the parent's lock)
///   leaves the set in place as it was.
public final class OutputDirectory {
    /// Converter applied to every CSV file a run writes (`--units engineering`); nil
    /// writes SI as computed. Bound by `CaseKinds.run(units:)` for the run's duration.
    @TaskLocal public static var csvUnits: CSVUnitConverter? = nil

    /// The target directory (canonical parent + name).
    public let path: String
    /// What the user set to choose it (e.g. "--output"), for error messages.
    public let key: String
    /// The temporary directory the set is written into until `commit`.
    let temporary: String
    /// Names written so far (relative to the directory), in order.
    public private(set) var written: [String] = []
    private var committed = false

    /// Name of the completion marker written last into every set.
    public static let marker = "COMPLETE"

    /// File names RareSep writes with default settings: a directory holding only these
    /// (a set written before the `COMPLETE` marker existed) may be replaced.
    static let knownNames: Set<String> = [
        "stage_profiles.csv", "stage_profiles.svg", "mccabe_thiele.svg", "stage_diagnostics.csv", "outlets.csv", "summary.json",
        "outlet.csv", "outlet.svg", "fit.json", "fit-parameters.csv", "fit-residuals.csv", "fitted-model.yaml", "fit-plot.svg",
    ]

    /// Check the target `path` (chosen by `key`) and create the temporary directory beside
    /// it. `inputs` are the files this run read: none may lie inside the target.
    public init(_ path: String, key: String, inputs: [String]) throws {
        self.key = key
        func fail(_ expected: String) -> InputError {
            InputError(location: SourceLocation(file: path), key: key, value: path, expected: expected)
        }
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.reversed().drop { $0 == "/" }.reversed()) : path
        guard !trimmed.isEmpty else { throw fail("a directory path") }
        let absolute = URL(fileURLWithPath: trimmed).standardizedFileURL.path
        let name = (absolute as NSString).lastPathComponent
        guard absolute != "/", !name.isEmpty, name != ".", name != ".." else {
            throw fail("a directory RareSep can replace as a whole (not the file-system root)")
        }
        let parent = (absolute as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw fail("a directory RareSep can create and write (cannot create \(parent))")
        }
        let target = (InputFileCheck.realPath(parent) as NSString).appendingPathComponent(name)
        self.path = target
        for input in inputs {
            let real = InputFileCheck.realPath(input)
            if real.hasPrefix(target + "/") {
                throw fail("a directory that holds no input of this run: it holds \(input), and a run replaces its output directory as a whole; choose another directory")
            }
        }
        if let problem = Self.replaceProblem(target) { throw fail(problem) }
        var tmp = ""
        for _ in 0..<16 {
            tmp = target + ".tmp-\(getpid())-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let err = ActiveOutputs.shared.makeDirectory(tmp)
            if err == 0 { break }
            guard err == EEXIST else { throw fail("a directory RareSep can create and write (cannot create \(tmp): \(String(cString: strerror(err))))") }
            tmp = ""
        }
        guard !tmp.isEmpty else { throw fail("a directory RareSep can create and write") }
        temporary = tmp
    }

    /// Create the directory at `path` (chosen by `key`), reading no inputs; for callers
    /// that write a set outside a command (tests, tools). Commit with `commit`.
    public convenience init(_ path: String, key: String) throws {
        try self.init(path, key: key, inputs: [])
    }

    deinit {
        if !committed { ActiveOutputs.shared.remove(temporary, deleting: true) }
    }

    /// Why `name` (an output file name from a case, spec or RareSep itself) cannot be
    /// written inside an output directory, or nil when it can.
    public static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "a non-empty file name" }
        if name.hasPrefix("/") || name.hasPrefix("~") { return "a file name relative to the output directory, not an absolute path" }
        if name.contains("\0") { return "a file name without NUL characters" }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains("..") { return "a file name inside the output directory (no '..' component)" }
        if name.hasSuffix("/") || parts.last == "." { return "a file name, not a directory" }
        if parts.contains(where: { $0.utf8.count > 255 }) { return "a file name of at most 255 bytes per path component" }
        if parts.filter({ !$0.isEmpty && $0 != "." }).first.map(String.init) == marker {
            return "a name other than \(marker) (the marker RareSep writes last into a finished output set)"
        }
        return nil
    }

    /// The output file name at `node` (e.g. `output.json` of a fit spec), checked with
    /// `nameProblem`; otherwise an InputError naming file, line, key and value.
    public static func checkedName(_ node: ConfigNode) throws -> String {
        let name = try node.string()
        if let problem = nameProblem(name) { throw node.error(problem, value: name) }
        return name
    }

    /// Write `text` as file `name` (relative; subdirectories are created); returns the
    /// path it will have once committed. `key` names the setting that chose the file name,
    /// when there is one.
    @discardableResult
    public func write(_ text: String, _ name: String, key fileKey: String? = nil) throws -> String {
        let settingKey = fileKey ?? key
        if let problem = Self.nameProblem(name) {
            throw InputError(location: SourceLocation(file: path), key: settingKey, value: name, expected: problem)
        }
        let clean = name.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        if written.contains(clean) {
            throw InputError(location: SourceLocation(file: path), key: settingKey, value: name,
                             expected: "a file name no other output of this run uses")
        }
        let file = (temporary as NSString).appendingPathComponent(clean)
        try ActiveOutputs.shared.withLock {
            do {
                let dir = (file as NSString).deletingLastPathComponent
                if dir != temporary { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
                let body = clean.hasSuffix(".csv") ? (Self.csvUnits?.convert(text) ?? text) : text
                try Data(body.utf8).write(to: URL(fileURLWithPath: file))
            } catch {
                throw InputError(location: SourceLocation(file: (path as NSString).appendingPathComponent(clean)), key: settingKey,
                                 value: fileKey == nil ? path : name,
                                 expected: fileKey == nil ? "a writable output directory" : "a writable file")
            }
        }
        written.append(clean)
        return (path as NSString).appendingPathComponent(clean)
    }

    /// The current time as ISO 8601 UTC ("2026-12-06T00:55:21Z"), with the C library
    /// (Foundation's date formatters load ICU, which costs more than a small run).
    static func utcTimestamp() -> String {
        var t = time(nil)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// Finish the set: write the `COMPLETE` marker (JSON: `complete`, `command`, `input`,
    /// `status`, `files`, `finished`), then move the set into place, replacing the old one.
    public func commit(command: String, input: String, status: String) throws {
        let marker: [String: Any] = [
            "complete": true, "command": command, "input": input, "status": status,
            "files": written.sorted(), "finished": Self.utcTimestamp(),
        ]
        let data = try JSONSerialization.data(withJSONObject: marker, options: [.prettyPrinted, .sortedKeys])
        let markerPath = (temporary as NSString).appendingPathComponent(Self.marker)
        try ActiveOutputs.shared.withLock {
            do { try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: markerPath)) } catch {
                throw InputError(location: SourceLocation(file: path), key: key, value: path, expected: "a writable output directory")
            }
        }
        // Concurrent runs take turns through a lock on the parent directory. Wait for it
        // without holding the process's lock, so that a signal meanwhile is handled at once.
        let parent = (path as NSString).deletingLastPathComponent
        let lock = open(parent, O_RDONLY)
        if lock >= 0 { while flock(lock, LOCK_EX) != 0 && errno == EINTR {} }
        defer { if lock >= 0 { close(lock) } }
        try ActiveOutputs.shared.withLock {
            // A signal that arrived before this point wins: the set is not moved into place.
            ActiveOutputs.shared.handlePendingSignal()
            try moveIntoPlace()
        }
        committed = true
    }

    /// Rename the finished temporary directory onto the target (caller holds the
    /// process's lock and the lock on the parent directory).
    private func moveIntoPlace() throws {
        func fail(_ why: String) -> InputError {
            InputError(location: SourceLocation(file: path), key: key, value: path, expected: "a directory RareSep can replace (\(why))")
        }
        removeStaleSiblings()
        for _ in 0..<20 {
            if rename(temporary, path) == 0 { break }
            let err = errno
            guard err == EEXIST || err == ENOTEMPTY else { throw fail(String(cString: strerror(err))) }
            if let problem = Self.replaceProblem(path) { throw fail(problem) }
            let aside = path + ".old-\(getpid())-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
            ActiveOutputs.shared.add(aside)
            if rename(path, aside) == 0 {
                let moved = rename(temporary, path) == 0
                let err2 = errno
                ActiveOutputs.shared.remove(aside, deleting: true)
                if moved { break }
                guard err2 == EEXIST || err2 == ENOTEMPTY else { throw fail(String(cString: strerror(err2))) }
            } else {
                ActiveOutputs.shared.remove(aside, deleting: false)
            }
        }
        var st = stat()
        guard lstat(temporary, &st) != 0 else { throw fail("another run kept replacing it") }
        ActiveOutputs.shared.remove(temporary, deleting: false)
    }

    /// Remove `<name>.tmp-<pid>-*` and `<name>.old-<pid>-*` beside the target left by runs
    /// that were killed (their process no longer exists).
    private func removeStaleSiblings() {
        let parent = (path as NSString).deletingLastPathComponent, name = (path as NSString).lastPathComponent
        // readdir with a C prefix test: the parent may be a large shared directory (/tmp),
        // where building a Swift string per entry would dominate a short run.
        var entries: [String] = []
        guard let dir = opendir(parent) else { return }
        let prefix = Array((name + ".").utf8CString.dropLast())
        while let ent = readdir(dir) {
            let matches = withUnsafePointer(to: &ent.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: 256) { strncmp($0, prefix, prefix.count) == 0 }
            }
            if matches {
                entries.append(withUnsafePointer(to: &ent.pointee.d_name) { p in
                    p.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                })
            }
        }
        closedir(dir)
        for e in entries where e.hasPrefix(name + ".tmp-") || e.hasPrefix(name + ".old-") {
            let rest = e.dropFirst(name.count + 5).split(separator: "-")
            guard rest.count == 2, let pid = Int32(rest[0]), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(e))
            }
        }
    }

    /// Why the existing `target` may not be replaced by a new set, or nil when it may (it
    /// does not exist, is empty, or is a set RareSep wrote).
    static func replaceProblem(_ target: String) -> String? {
        var st = stat()
        guard lstat(target, &st) == 0 else { return nil }
        if st.st_mode & S_IFMT == S_IFLNK { return "a directory, not a symbolic link (\(target) is one; give the directory it points to)" }
        guard st.st_mode & S_IFMT == S_IFDIR else { return "a directory (\(target) exists and is not one)" }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: target) else {
            return "a readable directory (\(target) cannot be listed)"
        }
        if entries.isEmpty { return nil }
        let markerPath = (target as NSString).appendingPathComponent(marker)
        var listed: Set<String>?
        if entries.contains(marker), InputFileCheck.problem(markerPath, kind: "marker") == nil,
           let h = FileHandle(forReadingAtPath: markerPath) {
            let data = h.readData(ofLength: 1 << 20)
            try? h.close()
            if let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any], obj["complete"] as? Bool == true,
               let files = obj["files"] as? [String] {
                listed = Set(files.compactMap { $0.split(separator: "/").first.map(String.init) })
            }
        }
        for e in entries.sorted() where e != marker {
            var es = stat()
            let isFile = lstat((target as NSString).appendingPathComponent(e), &es) == 0 && es.st_mode & S_IFMT == S_IFREG
            // a set with a marker: the entries it lists; an older set: RareSep's own file names
            let ok = listed.map { $0.contains(e) } ?? (isFile && knownNames.contains(e))
            if !ok {
                return "a new or empty directory, or one a RareSep run wrote: \(target) holds '\(e)', which no RareSep run wrote there, and a run replaces its output directory as a whole"
            }
        }
        return nil
    }

    /// Pretty-printed JSON with sorted keys (non-finite numbers as "inf", "-inf",
    /// "nan"), ending in a newline.
    public static func json<T: Encodable>(_ value: T, snakeCaseKeys: Bool = false) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        if snakeCaseKeys { enc.keyEncodingStrategy = .convertToSnakeCase }
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try enc.encode(value), as: UTF8.self) + "\n"
    }

    /// On SIGINT or SIGTERM, remove every unfinished output set of this process and exit
    /// with 128 + the signal number (130, 143). Call once, early, from the main thread of
    /// a command-line tool, before it starts other threads: from then on no such signal is
    /// lost or handled without the cleanup (before it, one ends the process, which has
    /// written nothing yet).
    public static func removeUnfinishedSetsOnSignal() {
        ActiveOutputs.shared.installSignalHandlers()
    }
}

/// The temporary and set-aside directories of this process that a signal must remove;
/// one lock orders file writes, the final renames and the signal cleanup.
///
/// SIGINT and SIGTERM are blocked in every thread (threads inherit the mask of the thread
/// that installs the handling) and taken synchronously by one thread with `sigwait`, so a
/// signal is never ignored, stays pending until taken, and is acted on only under the lock:
/// either before a directory is created and registered, or after, never in between.
final class ActiveOutputs: @unchecked Sendable {
    static let shared = ActiveOutputs()
    private let lock = NSRecursiveLock()
    private var paths: Set<String> = []
    private static let handledSignals = [SIGINT, SIGTERM]

    func add(_ path: String) { withLock { _ = paths.insert(path) } }

    func remove(_ path: String, deleting: Bool) {
        withLock {
            paths.remove(path)
            if deleting { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    /// Create directory `path` and register it under the lock; 0 or the errno of `mkdir`.
    func makeDirectory(_ path: String) -> Int32 {
        withLock {
            guard mkdir(path, 0o755) == 0 else { return errno }
            paths.insert(path)
            return 0
        }
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        return try body()
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for s in handledSignals { sigaddset(&set, s) }
        return set
    }

    func installSignalHandlers() {
        var set = Self.signalSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
        Thread.detachNewThread { [self] in
            var set = Self.signalSet()
            var sig: Int32 = 0
            while sigwait(&set, &sig) != 0 {}
            terminate(sig)
        }
    }

    /// When the signal handling is installed and SIGINT or SIGTERM is pending (not yet
    /// taken by the signal thread), act on it now (caller holds the lock).
    func handlePendingSignal() {
        var pending = sigset_t()
        sigemptyset(&pending)
        guard sigpending(&pending) == 0 else { return }
        var blocked = sigset_t()
        pthread_sigmask(SIG_BLOCK, nil, &blocked)
        for s in Self.handledSignals where sigismember(&pending, s) == 1 && sigismember(&blocked, s) == 1 {
            terminate(s)
        }
    }

    /// Remove every registered directory and exit with 128 + `sig`. Keeps the lock: no
    /// write or rename of another thread runs after this.
    private func terminate(_ sig: Int32) -> Never {
        lock.lock()
        for p in paths { try? FileManager.default.removeItem(atPath: p) }
        fflush(nil)
        _exit(128 + sig)
    }
}
