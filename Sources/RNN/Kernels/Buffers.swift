import Foundation

/// An address for a buffer that may be empty (and then never read).
func nonEmptyAddress(_ b: UnsafeBufferPointer<Double>) -> UnsafePointer<Double> {
    b.baseAddress ?? UnsafePointer(emptyBuffer)
}
nonisolated(unsafe) private let emptyBuffer = UnsafeMutablePointer<Double>.allocate(capacity: 1)

/// `count` rows of `width` values from `p`, as arrays: how traces copy a pass's buffers for display.
func copyRows(_ p: UnsafePointer<Double>, count: Int, width: Int) -> [[Double]] {
    (0..<count).map { Array(UnsafeBufferPointer(start: p + $0 * width, count: width)) }
}

/// Doubles in one zeroed allocation, cut into consecutive parts of the given sizes: where each of a pass's
/// buffers starts is worked out here once, from the list of their sizes, and the buffers are found by number.
/// The allocation and every part start on a cache line (64 bytes: parts are rounded up to 8 doubles), so that
/// the products' rows of whole vectors (`Products.paddedStride`) never straddle two lines.
final class FlatBuffer: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Double>
    private let offsets: [Int]
    private let capacity: Int

    /// `zeroed: false` leaves the values as they are (garbage) for a caller that writes every part before reading
    /// it: zeroing a pass's buffers took longer than min-char-rnn's products.
    init(parts: [Int], zeroed: Bool = true) {
        var offsets: [Int] = []
        var total = 0
        for size in parts {
            precondition(size >= 0, "a negative size")
            offsets.append(total)
            total += (size + 7) / 8 * 8
        }
        self.offsets = offsets + [total]
        capacity = total + 1
        if capacity >= BufferPool.smallest, let reused = BufferPool.shared.take(capacity) {
            base = reused
        } else {
            base = UnsafeMutableRawPointer.allocate(byteCount: capacity * 8, alignment: 64)
                .bindMemory(to: Double.self, capacity: capacity)
        }
        if zeroed { base.update(repeating: 0, count: capacity) }
    }

    /// Part `part` back to zeros.
    func zero(_ part: Int) { self[part].update(repeating: 0, count: offsets[part + 1] - offsets[part]) }

    deinit {
        if capacity < BufferPool.smallest || !BufferPool.shared.give(base, capacity) { base.deallocate() }
    }

    subscript(part: Int) -> UnsafeMutablePointer<Double> { base + offsets[part] }

    /// Every part back to zeros.
    func zero() { base.update(repeating: 0, count: capacity) }

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

    /// Every parameter's gradient, in order.
    var pointers: [UnsafeMutablePointer<Double>] { template.items.indices.map { buffer[$0] } }

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
