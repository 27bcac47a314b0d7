import Foundation

/// A value threads share: each read and write holds a lock, so a value one thread wrote is whole when another
/// reads it. The writers of a lesson and the lessons of a build run side by side and leave their results in one.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ initial: Value) { stored = initial }

    var value: Value {
        get {
            lock.lock()
            defer { lock.unlock() }
            return stored
        }
        set {
            lock.lock()
            stored = newValue
            lock.unlock()
        }
    }
}

extension Locked {
    /// `count` empty slots, each filled once by the thread that computes it and read when all are done, so a
    /// result's place does not depend on which thread finished first.
    convenience init<Element>(slots count: Int) where Value == [Element?] {
        self.init(Array(repeating: nil, count: count))
    }

    /// Fills slot `index`.
    func set<Element>(_ index: Int, _ element: Element) where Value == [Element?] {
        lock.lock()
        stored[index] = element
        lock.unlock()
    }
}
