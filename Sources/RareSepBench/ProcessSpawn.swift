#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Start a program with posix_spawn, output to /dev/null, and wait for it with
/// waitpid: the whole-process benchmark times the child, not a run loop's polling.
enum ProcessSpawn {
    struct SpawnFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Run `path` with `arguments`; returns the exit status.
    static func run(_ path: String, _ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        if rc != 0 { throw SpawnFailure(description: "posix_spawn of \(path) failed with error \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw SpawnFailure(description: "waitpid failed with error \(errno)") }
        }
        // WIFEXITED/WEXITSTATUS: low 7 bits are the signal, bits 8-15 the exit code
        if status & 0x7f != 0 { return 128 + (status & 0x7f) }
        return (status >> 8) & 0xff
    }
}
