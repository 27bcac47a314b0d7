/// The Mersenne Twister MT19937 (Matsumoto & Nishimura 1998) on state the caller provides: 624 words and the
/// index of the next one (`stateWords` words in all), so that drawing allocates nothing. `MT19937` keeps such
/// a state; a page running the engine keeps its own.
///
/// - Seeding: `init_genrand(seed)` (Matsumoto & Nishimura 2002), as numpy's `RandomState(seed)` does for an
///   integer seed.
/// - Uniform doubles: 53 bits from two 32-bit outputs, `((a >> 5) · 2²⁶ + (b >> 6)) / 2⁵³`, in [0, 1).
public enum MersenneTwister {
    public static let stateWords = 625

    /// Fills `state` as `init_genrand(seed)` does.
    public static func seed(_ state: UnsafeMutablePointer<UInt32>, _ seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            let previous = state[i - 1]
            state[i] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(i)
        }
        state[624] = 624
    }

    static func twist(_ state: UnsafeMutablePointer<UInt32>) {
        let upperMask: UInt32 = 0x8000_0000
        let lowerMask: UInt32 = 0x7fff_ffff
        for i in 0..<624 {
            let y = (state[i] & upperMask) | (state[(i + 1) % 624] & lowerMask)
            var next = state[(i + 397) % 624] ^ (y >> 1)
            if y & 1 != 0 { next ^= 0x9908_b0df }
            state[i] = next
        }
        state[624] = 0
    }

    /// The next 32-bit output (tempered).
    public static func nextUInt32(_ state: UnsafeMutablePointer<UInt32>) -> UInt32 {
        if state[624] >= 624 { twist(state) }
        var y = state[Int(state[624])]
        state[624] += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// A uniform double in [0, 1) with 53 random bits (numpy's `random_sample`).
    public static func nextDouble(_ state: UnsafeMutablePointer<UInt32>) -> Double {
        let a = Double(nextUInt32(state) >> 5)
        let b = Double(nextUInt32(state) >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// An index drawn from the discrete distribution `p` (`count` probabilities) by inverse CDF on the uniform
    /// draw `u`: the first index whose cumulative probability, summed in order, exceeds u; past the end (the
    /// sum fell short of u by rounding), the last index with a positive probability (the last index if none).
    public static func choose(_ p: UnsafePointer<Double>, count: Int, uniform u: Double) -> Int {
        var cumulative = 0.0
        for i in 0..<count {
            cumulative += p[i]
            if u < cumulative { return i }
        }
        var last = count - 1
        while last >= 0, !(p[last] > 0) { last -= 1 }
        return last >= 0 ? last : count - 1
    }
}
