import CSystem
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A program the tool starts (a lesson's Swift program, the compiler), in a process group of its own with the
/// default signal dispositions and an empty signal mask, whatever the tool itself blocks or ignores. Ending it
/// ends its whole group, so a child's own children go with it; `Cleanup` ends every group that is still
/// registered when the tool stops.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    /// The write end of its standard input, and the read ends of its standard output and error.
    let input: FileHandle
    let output: FileHandle
    let errors: FileHandle
    private let lock = NSLock()
    private var status: Int32?

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts `arguments[0]` (an absolute path) with `arguments`, standard error separate unless
    /// `mergingErrors` (then `errors` is at end of file at once), in `workingDirectory` when one is given.
    init(
        _ arguments: [String], environment: [String: String], mergingErrors: Bool = false,
        workingDirectory: String? = nil
    ) throws(StartError) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let workingDirectory {
            let failed = workbook_spawn_add_chdir(&actions, workingDirectory)
            guard failed == 0 else {
                throw StartError(description: "cannot run in \(workingDirectory): " + String(cString: strerror(failed)))
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        Self.startsInOwnGroup(&attributes)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var spawnError: Int32 = 0
        var pipes: [[Int32]] = []
        // Pipes are made close-on-exec under the lock every spawn holds, so no other child inherits them.
        let started = Cleanup.shared.spawn { () -> pid_t? in
            for _ in 0..<3 {
                var fds: [Int32] = [-1, -1]
                guard pipe(&fds) == 0 else {
                    spawnError = errno
                    return nil
                }
                for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
                pipes.append(fds)
            }
            posix_spawn_file_actions_adddup2(&actions, pipes[0][0], 0)
            posix_spawn_file_actions_adddup2(&actions, pipes[1][1], 1)
            posix_spawn_file_actions_adddup2(&actions, mergingErrors ? pipes[1][1] : pipes[2][1], 2)
            var child: pid_t = 0
            spawnError = posix_spawn(&child, arguments[0], &actions, &attributes, argv, envp)
            return spawnError == 0 ? child : nil
        }
        guard let started, pipes.count == 3 else {
            for fd in pipes.joined() { close(fd) }
            throw StartError(
                description: "cannot start \(arguments[0]): "
                    + (spawnError == 0 ? "the tool is stopping" : String(cString: strerror(spawnError))))
        }
        close(pipes[0][0])
        close(pipes[1][1])
        close(pipes[2][1])
        pid = started
        input = FileHandle(fileDescriptor: pipes[0][1], closeOnDealloc: true)
        output = FileHandle(fileDescriptor: pipes[1][0], closeOnDealloc: true)
        errors = FileHandle(fileDescriptor: pipes[2][0], closeOnDealloc: true)
    }

    /// The child starts with no signal blocked, the signals that end a program at their default actions (whatever
    /// this process does with them), and in a process group of its own, which the clean-up on interrupt ends whole.
    private static func startsInOwnGroup(_ attributes: inout posix_spawnattr_t) {
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
    }

    /// Waits for the program to end and returns its exit status (128 + the signal that ended it).
    @discardableResult
    func wait() -> Int32 {
        if let status = recorded { return status }
        var raw: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &raw, 0) } while result < 0 && errno == EINTR
        return record(result == pid ? Self.decode(raw) : 128 + SIGKILL)
    }

    /// Whether the program is still running (reaps it if it has ended).
    var isRunning: Bool {
        if recorded != nil { return false }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return true }
        record(Self.decode(raw))
        return false
    }

    /// Kills the program, every process below it and its whole process group, and reaps the program.
    func terminate() {
        if recorded == nil {
            ProcessTree.kill(pid)
            kill(-pid, SIGKILL)
        }
        wait()
    }

    private var recorded: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return status
    }

    /// Keeps the status of the reaped leader, and ends what is left of its group (its own children).
    @discardableResult
    private func record(_ code: Int32) -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let status { return status }
        status = code
        kill(-pid, SIGKILL)
        Cleanup.shared.forget(group: pid)
        return code
    }

    /// "exit status 3", or "signal SIGABRT" for a status of 128 + a signal's number.
    static func describe(_ status: Int32) -> String {
        let names: [Int32: String] = [
            SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE",
            SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGXCPU: "SIGXCPU", SIGTERM: "SIGTERM", SIGINT: "SIGINT",
        ]
        guard status > 128, let name = names[status - 128] else { return "exit status \(status)" }
        return "signal \(name)"
    }

    private static func decode(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    /// Runs a program to its end, its standard output and error read together, at most `maxBytes` of them
    /// kept. The program is found on PATH when `program` has no slash. Its `TMPDIR` is a folder of its own,
    /// removed when it ends or the tool stops: compilers and browsers leave scratch folders there
    /// (`TemporaryDirectory.*` even from `swiftc --version`, `org.chromium.Chromium.*`). It runs in
    /// `workingDirectory` when one is given, else in the tool's.
    static func run(
        _ program: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        maxBytes: Int = 16 << 20, workingDirectory: String? = nil
    ) -> (
        status: Int32, output: String
    ) {
        guard let path = program.contains("/") ? program : find(program) else {
            return (127, "cannot run \(program): not found on PATH")
        }
        let scratch = Cleanup.shared.temporaryFolder(prefix: Cleanup.scratchPrefix)
        defer { Cleanup.shared.removeFolder(scratch) }
        var environment = environment
        environment["TMPDIR"] = scratch
        let child: ChildProcess
        do {
            child = try ChildProcess(
                [path] + arguments, environment: environment, mergingErrors: true, workingDirectory: workingDirectory)
        } catch {
            return (127, error.description)
        }
        try? child.input.close()
        var data = Data()
        while true {
            let chunk = child.output.availableData
            if chunk.isEmpty { break }
            if data.count < maxBytes { data.append(chunk.prefix(maxBytes - data.count)) }
        }
        return (child.wait(), String(decoding: data, as: UTF8.self))
    }

    /// The first executable named `program` on PATH.
    static func find(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
