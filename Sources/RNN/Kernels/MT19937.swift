import Foundation

/// The Mersenne Twister MT19937 with numpy's legacy seeding, so that a lesson and a course's numpy notebook
/// draw bit-identical numbers: `MT19937(seed: 1).normal(count: 15)` equals
/// `np.random.seed(1); np.random.randn(5, 3).ravel()`.
/// Seeding and uniform draws are `MersenneTwister`'s (the engine core's), on a state this value keeps; Gaussians
/// are the polar Box–Muller method of numpy's legacy `gauss`, which caches the second value.
public struct MT19937: Sendable {
    private var state = [UInt32](repeating: 0, count: MersenneTwister.stateWords)
    private var cachedGaussian: Double?

    public init(seed: UInt32) {
        state.withUnsafeMutableBufferPointer { MersenneTwister.seed($0.baseAddress!, seed) }
    }

    /// The next 32-bit output (tempered).
    public mutating func nextUInt32() -> UInt32 {
        state.withUnsafeMutableBufferPointer { MersenneTwister.nextUInt32($0.baseAddress!) }
    }

    /// A uniform double in [0, 1) with 53 random bits (numpy's `random_sample`).
    public mutating func nextDouble() -> Double {
        state.withUnsafeMutableBufferPointer { MersenneTwister.nextDouble($0.baseAddress!) }
    }

    /// A standard normal draw (numpy's legacy `gauss`: polar method, second value cached). The logarithm is the
    /// platform's (glibc's, as numpy's): the engine's own differs from it by an ulp now and then, and the drawn
    /// weights must be numpy's bit for bit. (Not hot code: weights are drawn once.)
    public mutating func nextGaussian() -> Double {
        if let cached = cachedGaussian {
            cachedGaussian = nil
            return cached
        }
        var x1 = 0.0
        var x2 = 0.0
        var r2 = 0.0
        repeat {
            x1 = 2 * nextDouble() - 1
            x2 = 2 * nextDouble() - 1
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1 || r2 == 0
        let f = (-2 * log(r2) / r2).squareRoot()
        cachedGaussian = f * x1
        return f * x2
    }

    /// `count` standard normal draws in order (numpy's `randn` fills C order).
    public mutating func normal(count: Int) -> [Double] {
        (0..<count).map { _ in nextGaussian() }
    }

    /// `count` uniform draws on [low, high) (numpy's `uniform(low, high)`: `low + (high - low) · u`).
    public mutating func uniform(count: Int, low: Double, high: Double) -> [Double] {
        (0..<count).map { _ in low + (high - low) * nextDouble() }
    }

    /// An index drawn from the discrete distribution `p` by inverse CDF on one uniform draw.
    public mutating func choice(probabilities p: [Double]) -> Int {
        let u = nextDouble()
        return p.withUnsafeBufferPointer { MersenneTwister.choose($0.baseAddress!, count: p.count, uniform: u) }
    }
}
