import Foundation

/// One named parameter tensor of a model (a matrix; a bias is an `n × 1` matrix).
public struct Parameter: Equatable, Sendable {
    public let name: String
    public var value: Matrix

    public init(name: String, value: Matrix) {
        self.name = name
        self.value = value
    }
}

/// An ordered set of named tensors: a model's parameters, or their gradients (same names, same shapes).
public struct ParameterSet: Equatable, Sendable {
    public var items: [Parameter]

    public init(_ items: [Parameter]) { self.items = items }

    public var names: [String] { items.map(\.name) }

    public subscript(name: String) -> Matrix? {
        get { items.first(where: { $0.name == name })?.value }
        set {
            guard let i = items.firstIndex(where: { $0.name == name }), let newValue else { return }
            items[i].value = newValue
        }
    }

    /// A set of the same names and shapes filled with zeros.
    public func zeros() -> ParameterSet {
        ParameterSet(items.map { Parameter(name: $0.name, value: Matrix(zeros: $0.value.rows, $0.value.cols)) })
    }

    /// The total number of scalars.
    public var scalarCount: Int { items.reduce(0) { $0 + $1.value.count } }
}

extension ParameterSet {
    /// The position of the parameter called `name`.
    func index(of name: String) -> Int? { items.firstIndex { $0.name == name } }

    /// Pointers to every parameter's values, in order, valid for the length of `body`.
    func withValuePointers<R>(_ body: ([UnsafePointer<Double>]) -> R) -> R {
        var pointers: [UnsafePointer<Double>] = []
        pointers.reserveCapacity(items.count)
        func nest(_ i: Int) -> R {
            guard i < items.count else { return body(pointers) }
            return items[i].value.values.withUnsafeBufferPointer { values in
                pointers.append(Kernels.address(values))
                return nest(i + 1)
            }
        }
        return nest(0)
    }
}

/// `count` rows of `width` values from `p`, as arrays: how traces copy a pass's buffers for display.
func copyRows(_ p: UnsafePointer<Double>, count: Int, width: Int) -> [[Double]] {
    (0..<count).map { Array(UnsafeBufferPointer(start: p + $0 * width, count: width)) }
}

/// Doubles in one zeroed allocation, cut into consecutive parts of the given sizes: where each of a pass's
/// buffers starts is worked out here once, from the list of their sizes, and the buffers are found by number.
final class FlatBuffer: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Double>
    private let offsets: [Int]
    private let capacity: Int

    init(parts: [Int]) {
        var offsets: [Int] = []
        var total = 0
        for size in parts {
            precondition(size >= 0, "a negative size")
            offsets.append(total)
            total += size
        }
        self.offsets = offsets
        capacity = total + 1
        if capacity >= BufferPool.smallest, let reused = BufferPool.shared.take(capacity) {
            base = reused
            base.update(repeating: 0, count: capacity)
        } else {
            base = .allocate(capacity: capacity)
            base.initialize(repeating: 0, count: capacity)
        }
    }

    deinit {
        if capacity < BufferPool.smallest || !BufferPool.shared.give(base, capacity) { base.deallocate() }
    }

    subscript(part: Int) -> UnsafeMutablePointer<Double> { base + offsets[part] }

    /// The first `count` values of a part as an array.
    func array(_ part: Int, _ count: Int) -> [Double] {
        Array(UnsafeBufferPointer(start: self[part], count: count))
    }
}

/// A gradient of a parameter set (same names and shapes), zeros to start with, in one allocation: where a
/// backward pass accumulates, copied into a `ParameterSet` at the end.
final class GradientBuffer {
    private let buffer: FlatBuffer
    private let template: ParameterSet

    init(like parameters: ParameterSet) {
        buffer = FlatBuffer(parts: parameters.items.map(\.value.count))
        template = parameters
    }

    /// The gradient of parameter `i`, row-major as the parameter.
    subscript(i: Int) -> UnsafeMutablePointer<Double> { buffer[i] }

    var parameterSet: ParameterSet {
        ParameterSet(
            template.items.enumerated().map { i, p in
                Parameter(
                    name: p.name,
                    value: Matrix(rows: p.value.rows, cols: p.value.cols, values: buffer.array(i, p.value.count)))
            })
    }
}

/// Large buffers kept after use, so that a training loop that allocates the same buffers for every update
/// (a batch's activations are tens of megabytes) reuses memory that is already mapped instead of faulting in
/// fresh pages each time. Buffers are reused only at exactly the same size (and zeroed again); at most
/// `limit` doubles are kept in all.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()
    /// Buffers under 128 Ki doubles (1 MiB) are not pooled.
    static let smallest = 1 << 17
    private let limit = 1 << 26
    private var free: [Int: [UnsafeMutablePointer<Double>]] = [:]
    private var kept = 0
    private let lock = NSLock()

    func take(_ capacity: Int) -> UnsafeMutablePointer<Double>? {
        lock.lock()
        defer { lock.unlock() }
        guard let buffer = free[capacity]?.popLast() else { return nil }
        kept -= capacity
        return buffer
    }

    /// Keeps `buffer` for reuse, or returns false when the pool is full (the caller frees it).
    func give(_ buffer: UnsafeMutablePointer<Double>, _ capacity: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard kept + capacity <= limit else { return false }
        free[capacity, default: []].append(buffer)
        kept += capacity
        return true
    }
}
