import Foundation

/// A wall-clock bound on the engine's long loops, for a caller that must stop a computation that runs too
/// long (a lesson's directive under its time limit).
///
/// `Deadline.run(until:_:)` sets the bound for the current thread while its body runs. The engine's loops over
/// time steps, layers, updates, entries and tokens ask `Deadline.passed` once per iteration and stop early
/// when it is true: results computed then are incomplete (zeros where the loop did not reach), and the
/// caller must discard them, which `run` makes plain by returning whether the bound was reached. Without a
/// bound, `passed` is false and costs one thread-local read. The clock is read every 32nd question, so
/// checking costs nothing measurable even in a loop of tiny steps.
public enum Deadline {
    final class Bound {
        let end: UInt64
        var countdown = 0
        var reached = false

        init(end: UInt64) { self.end = end }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Runs `body` with the engine's loops bounded by `end` (uptime in nanoseconds, as
    /// `DispatchTime.now().uptimeNanoseconds`); returns its value and whether a loop saw the bound reached
    /// (and so stopped early, leaving the value incomplete).
    public static func run<T>(until end: UInt64, _ body: () throws -> T) rethrows -> (value: T, reached: Bool) {
        let bound = Bound(end: end)
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, Unmanaged.passUnretained(bound).toOpaque())
        defer { pthread_setspecific(key, previous) }
        let value = try withExtendedLifetime(bound) { try body() }
        return (value, bound.reached)
    }

    /// Whether the current thread's bound has been reached (false when there is none). Once true it stays true.
    public static var passed: Bool {
        guard let raw = pthread_getspecific(key) else { return false }
        let bound = Unmanaged<Bound>.fromOpaque(raw).takeUnretainedValue()
        if bound.reached { return true }
        bound.countdown -= 1
        guard bound.countdown <= 0 else { return false }
        bound.countdown = 32
        bound.reached = DispatchTime.now().uptimeNanoseconds >= bound.end
        return bound.reached
    }
}
