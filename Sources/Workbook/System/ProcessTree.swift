import Foundation

/// The processes below a process, read from /proc, and how to end them all: a program a lesson started may
/// start programs of its own, in process groups or sessions of their own (Foundation's `Process` does that),
/// so ending a child's process group is not enough.
enum ProcessTree {
    /// Every process whose chain of parents reaches `root` (not `root` itself).
    static func descendants(of root: pid_t) -> [pid_t] {
        var children: [pid_t: [pid_t]] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(name), let parent = parent(of: pid) else { continue }
            children[parent, default: []].append(pid)
        }
        var found: [pid_t] = []
        var queue = children[root] ?? []
        while let pid = queue.popLast() {
            found.append(pid)
            queue += children[pid] ?? []
        }
        return found
    }

    /// The fields of `/proc/PID/stat` after the name in parentheses (which may hold spaces): the state, then
    /// the parent's id, …; nil when there is no such process.
    static func status(of pid: pid_t) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    /// The direct children of `pid`, from each of its threads' list (without reading every process).
    static func children(of pid: pid_t) -> [pid_t] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { task in
            ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? "")
                .split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }

    /// Whether the process's environment holds `variable=value` (inherited from whatever started it).
    static func carries(_ pid: pid_t, _ variable: String, _ value: String) -> Bool {
        let entry = Data((variable + "=" + value + "\0").utf8)
        return FileManager.default.contents(atPath: "/proc/\(pid)/environ")?.range(of: entry) != nil
    }

    /// A process's command line, its arguments joined by spaces (at most 100 characters), for messages.
    static func commandLine(of pid: pid_t) -> String {
        let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
        let words = raw.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        let line = words.isEmpty ? "process \(pid)" : words.joined(separator: " ")
        return line.count > 100 ? line.prefix(99) + "…" : line
    }

    /// The parent's id.
    static func parent(of pid: pid_t) -> pid_t? {
        guard let fields = status(of: pid), fields.count > 1 else { return nil }
        return pid_t(fields[1])
    }

    /// Kills `root` (unless `includingRoot` is false) and every process below it. The tree is frozen first
    /// (SIGSTOP, repeated until no new process appears), so none can start another while it is being ended.
    static func kill(_ root: pid_t, includingRoot: Bool = true) {
        var stopped = Set<pid_t>()
        if includingRoot {
            Glibc.kill(root, SIGSTOP)
            stopped.insert(root)
        }
        for _ in 0..<64 {
            let fresh = descendants(of: root).filter { !stopped.contains($0) }
            if fresh.isEmpty { break }
            for pid in fresh { Glibc.kill(pid, SIGSTOP) }
            stopped.formUnion(fresh)
        }
        for pid in stopped { Glibc.kill(pid, SIGKILL) }
    }
}
