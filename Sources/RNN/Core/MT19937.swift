import Foundation

/// The Mersenne Twister MT19937 with numpy's legacy seeding, so that a lesson and a course's numpy notebook
/// draw bit-identical numbers: `MT19937(seed: 1).normal(count: 15)` equals
/// `np.random.seed(1); np.random.randn(5, 3).ravel()`.
///
/// - Seeding: `init_genrand(seed)` (Matsumoto & Nishimura 2002), as `RandomState(seed)` does for an integer seed.
/// - Uniform doubles: 53 bits from two 32-bit outputs, `((a >> 5) · 2²⁶ + (b >> 6)) / 2⁵³`, in [0, 1).
/// - Gaussians: the polar Box–Muller method of numpy's legacy `gauss`, which caches the second value.
public struct MT19937: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624
    private var cachedGaussian: Double?

    public init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            let previous = state[i - 1]
            state[i] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(i)
        }
    }

    private mutating func twist() {
        let upperMask: UInt32 = 0x8000_0000
        let lowerMask: UInt32 = 0x7fff_ffff
        for i in 0..<624 {
            let y = (state[i] & upperMask) | (state[(i + 1) % 624] & lowerMask)
            var next = state[(i + 397) % 624] ^ (y >> 1)
            if y & 1 != 0 { next ^= 0x9908_b0df }
            state[i] = next
        }
        index = 0
    }

    /// The next 32-bit output (tempered).
    public mutating func nextUInt32() -> UInt32 {
        if index >= 624 { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// A uniform double in [0, 1) with 53 random bits (numpy's `random_sample`).
    public mutating func nextDouble() -> Double {
        let a = Double(nextUInt32() >> 5)
        let b = Double(nextUInt32() >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// A standard normal draw (numpy's legacy `gauss`: polar method, second value cached).
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
        var cumulative = 0.0
        for (i, pi) in p.enumerated() {
            cumulative += pi
            if u < cumulative { return i }
        }
        return p.lastIndex(where: { $0 > 0 }) ?? (p.count - 1)
    }
}
