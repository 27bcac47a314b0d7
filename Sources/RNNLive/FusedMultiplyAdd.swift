// `fma` for WebAssembly, which has no fused multiply-add instruction: the engine's core computes every product
// and polynomial with `addingProduct`, which the compiler lowers to a call of `fma` on this target. Correctly
// rounded (one rounding of the exact x·y + z), as the native build's hardware or glibc fma is, so that the page's
// numbers are the native ones bit for bit. Where no step can overflow or underflow (every weight and state of a
// lesson's model), Boldo and Melquiond's emulation in double arithmetic; elsewhere a port of musl's `fma.c`
// (Szabolcs Nagy, MIT licence): the product in 128-bit integer arithmetic, the sum with a sticky bit, one
// conversion to double and an exact scaling. `LiveFigureTests` compares the module's `fma` with the machine's on
// triples in and out of the fast path's range (exact cancellations, near-ties), and the page's numbers with the
// native engine's.

/// A finite nonzero double as sign, 54-bit significand (shifted left by one: the top 10 bits and the last bit are
/// zero) and exponent; zero, infinities and NaN get an exponent at or above `zeroInfNaN`.
private struct Unpacked {
    var m: UInt64
    var e: Int
    var negative: Bool
}

private let zeroInfNaN = 0x7ff - 0x3ff - 52 - 1

private func unpack(_ x: Double) -> Unpacked {
    var ix = x.bitPattern
    var e = Int(ix >> 52)
    let negative = e & 0x800 != 0
    e &= 0x7ff
    if e == 0 {
        ix = (x * 0x1p63).bitPattern
        e = Int(ix >> 52) & 0x7ff
        e = e != 0 ? e - 63 : 0x800
    }
    ix &= (1 << 52) - 1
    ix |= 1 << 52
    ix <<= 1
    e -= 0x3ff + 52 + 1
    return Unpacked(m: ix, e: e, negative: negative)
}

/// x·y as 128 bits (hi, lo), from 32-bit halves.
private func multiply(_ x: UInt64, _ y: UInt64) -> (hi: UInt64, lo: UInt64) {
    let (xlo, xhi, ylo, yhi) = (x & 0xffff_ffff, x >> 32, y & 0xffff_ffff, y >> 32)
    let t1 = xlo &* ylo
    let t2 = xlo &* yhi &+ xhi &* ylo
    let t3 = xhi &* yhi
    let lo = t1 &+ (t2 << 32)
    let hi = t3 &+ (t2 >> 32) &+ (t1 > lo ? 1 : 0)
    return (hi, lo)
}

/// x · 2ⁿ, exact unless the result is subnormal (then rounded once).
private func scale(_ x: Double, _ n: Int) -> Double {
    var (y, n) = (x, n)
    if n > 1023 {
        y *= 0x1p1023
        n -= 1023
        if n > 1023 {
            y *= 0x1p1023
            n -= 1023
            if n > 1023 { n = 1023 }
        }
    } else if n < -1022 {
        y *= 0x1p-1022 * 0x1p53
        n += 1022 - 53
        if n < -1022 {
            y *= 0x1p-1022 * 0x1p53
            n += 1022 - 53
            if n < -1022 { n = -1022 }
        }
    }
    return y * Double(bitPattern: UInt64(0x3ff + n) << 52)
}

@_cdecl("fma")
public func fusedMultiplyAdd(_ x: Double, _ y: Double, _ z: Double) -> Double {
    if x == 0 || y == 0 { return x * y + z }  // the product is an exact ±0: one rounding, as fma's
    if let r = fusedMultiplyAddInRange(x, y, z) { return r }
    return fusedMultiplyAddByIntegers(x, y, z)
}

/// Whether |v| is a normal double in [2⁻ᵏ, 2ᵏ⁺¹).
@inline(__always) private func exponentWithin(_ v: Double, _ k: Int) -> Bool {
    let e = Int((v.bitPattern >> 52) & 0x7ff) - 0x3ff
    return e >= -k && e <= k
}

/// x·y + z rounded once, with no integer arithmetic, when no step can overflow or underflow: |x|, |y| in
/// [2⁻⁴⁵⁰, 2⁴⁵¹), z zero or |z| in [2⁻⁸⁰⁰, 2⁸⁰¹) (every value below is then a multiple of 2⁻¹⁰⁰⁴, so no sum is
/// subnormal, and none exceeds 2⁹⁰⁴); nil otherwise. Boldo and Melquiond's emulation ("Emulation of FMA and
/// correctly rounded sums: proved algorithms using rounding to odd", IEEE Trans. Computers 57(4), 2008,
/// Algorithm 5, proved in Coq for binary64 in round-to-nearest-even): x·y = uh + ul exactly (Dekker's product),
/// z + uh = th + tl exactly (Knuth's TwoSum), and the result is RN(th + RO(tl + ul)), where RO rounds to odd.
/// Some twenty double operations instead of the integer version's unpacking, 128-bit product and shifts.
@inline(__always) private func fusedMultiplyAddInRange(_ x: Double, _ y: Double, _ z: Double) -> Double? {
    guard exponentWithin(x, 450), exponentWithin(y, 450), z == 0 || exponentWithin(z, 800) else { return nil }
    let (uh, ul) = exactProduct(x, y)
    let (th, tl) = exactSum(z, uh)
    return th + roundedToOdd(tl, ul)
}

/// Dekker's product: x·y = hi + lo exactly (Veltkamp's split of each factor into 26 and 27 bits).
@inline(__always) private func exactProduct(_ x: Double, _ y: Double) -> (Double, Double) {
    let split = 134_217_729.0  // 2²⁷ + 1
    let (px, py) = (x * split, y * split)
    let (xh, yh) = (px - (px - x), py - (py - y))
    let (xl, yl) = (x - xh, y - yh)
    let hi = x * y
    return (hi, ((xh * yh - hi) + xh * yl + xl * yh) + xl * yl)
}

/// Knuth's TwoSum: a + b = s + e exactly.
@inline(__always) private func exactSum(_ a: Double, _ b: Double) -> (Double, Double) {
    let s = a + b
    let bb = s - a
    return (s, (a - (s - bb)) + (b - bb))
}

/// a + b rounded to odd: the nearest double when the sum is one, else whichever of the two doubles around it has
/// an odd last bit of significand. Without a branch: whether the sum is a double (e = 0) follows no pattern a
/// branch predictor can learn, and with a branch here 200 characters sampled from lesson 18's LSTM took 1.7
/// times as long (530 against 310 ms of CPU in node, `Benchmarks/live_node.js`).
@inline(__always) private func roundedToOdd(_ a: Double, _ b: Double) -> Double {
    let (s, e) = exactSum(a, b)
    let bits = s.bitPattern
    // When s is even and the sum is not s (e ≠ 0, so s ≠ 0), the odd neighbour on e's side: one bit pattern up
    // when e has the sign of s (away from zero), one down when it has the other.
    let inexactAndEven: UInt64 = (e != 0 ? 1 : 0) & ~bits & 1
    let towardsZero = (e.bitPattern ^ bits) >> 63
    return Double(bitPattern: bits &+ inexactAndEven &* (1 &- 2 &* towardsZero))
}

/// musl's fma, in 128-bit integer arithmetic: every finite, infinite and NaN case.
@inline(never) private func fusedMultiplyAddByIntegers(_ x: Double, _ y: Double, _ z: Double) -> Double {
    let (nx, ny, nz) = (unpack(x), unpack(y), unpack(z))
    if nx.e >= zeroInfNaN || ny.e >= zeroInfNaN { return x * y + z }
    // z = ±0 (x, y finite and nonzero): the product rounded once, with its own sign even when it underflows.
    if nz.e >= zeroInfNaN { return nz.e > zeroInfNaN ? x * y : z }
    var (rhi, rlo) = multiply(nx.m, ny.m)
    var (zhi, zlo): (UInt64, UInt64) = (0, 0)
    // Align the exponents: z shifted left by kz, r right by kr, kz + kr = d.
    var e = nx.e + ny.e
    var d = nz.e - e
    if d > 0 {
        if d < 64 {
            (zlo, zhi) = (nz.m << UInt64(d), nz.m >> UInt64(64 - d))
        } else {
            (zlo, zhi) = (0, nz.m)
            e = nz.e - 64
            d -= 64
            if d == 0 {
            } else if d < 64 {
                rlo = rhi << UInt64(64 - d) | rlo >> UInt64(d) | (rlo << UInt64(64 - d) != 0 ? 1 : 0)
                rhi = rhi >> UInt64(d)
            } else {
                (rlo, rhi) = (1, 0)
            }
        }
    } else {
        d = -d
        if d == 0 {
            zlo = nz.m
        } else if d < 64 {
            zlo = nz.m >> UInt64(d) | (nz.m << UInt64(64 - d) != 0 ? 1 : 0)
        } else {
            zlo = 1
        }
    }
    var negative = nx.negative != ny.negative
    var nonzero = true
    if negative == nz.negative {
        rlo = rlo &+ zlo
        rhi = rhi &+ zhi &+ (rlo < zlo ? 1 : 0)
    } else {
        let t = rlo
        rlo = rlo &- zlo
        rhi = rhi &- zhi &- (t < rlo ? 1 : 0)
        if rhi >> 63 != 0 {
            rlo = 0 &- rlo
            rhi = (0 &- rhi) &- (rlo != 0 ? 1 : 0)
            negative.toggle()
        }
        nonzero = rhi != 0
    }
    return round(rhi, rlo, e, d, negative, nonzero, x, y, z)
}

/// The sum's top 63 bits (the last one sticky) converted to a double with one rounding, and scaled.
private func round(
    _ rhi: UInt64, _ rlo: UInt64, _ e: Int, _ d: Int, _ negative: Bool, _ nonzero: Bool, _ x: Double, _ y: Double,
    _ z: Double
) -> Double {
    var (rhi, e, d) = (rhi, e, d)
    if nonzero {
        e += 64
        d = rhi.leadingZeroBitCount - 1
        rhi = rhi << UInt64(d) | rlo >> UInt64(64 - d) | (rlo << UInt64(d) != 0 ? 1 : 0)
    } else if rlo != 0 {
        d = rlo.leadingZeroBitCount - 1
        rhi = d < 0 ? rlo >> 1 | (rlo & 1) : rlo << UInt64(d)
    } else {
        return x * y + z  // an exact ±0
    }
    e -= d
    var i = Int64(bitPattern: rhi)  // in [2⁶², 2⁶³ - 1]
    if negative { i = -i }
    var r = Double(i)
    if e < -1022 - 62 {
        // Subnormal before rounding: round only once, when scaled.
        if e == -1022 - 63 {
            let c: Double = negative ? -0x1p63 : 0x1p63
            if r == c { return negative ? -Double.leastNormalMagnitude : Double.leastNormalMagnitude }
            if rhi << 53 != 0 {
                i = Int64(bitPattern: rhi >> 1 | (rhi & 1) | 1 << 62)
                if negative { i = -i }
                r = Double(i)
                r = 2 * r - c
            }
        } else {
            let d = 10
            i = Int64(bitPattern: (rhi >> UInt64(d) | (rhi << UInt64(64 - d) != 0 ? 1 : 0)) << UInt64(d))
            if negative { i = -i }
            r = Double(i)
        }
    }
    return scale(r, e)
}
