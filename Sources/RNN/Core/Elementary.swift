/// The engine's elementary functions, the only ones it uses (no libm, so that the same operations give the same
/// bits natively and in WebAssembly, where there is no libm): `exp`, `tanh` and `sigmoid` written so that a loop
/// over an array of doubles vectorises (no calls, no branches): Cody–Waite range reduction `x = k·ln2 + r`,
/// `|r| ≤ ln2/2`, a degree-13 Taylor polynomial for `eʳ - 1`, and scaling by 2ᵏ through the exponent bits; `log`
/// from the odd series of `log((1+s)/(1-s))`. exp is within 2 ulp of glibc's, tanh within 4, log within 1 over
/// their whole range (tested, and against 80-bit arithmetic). No fast-math: the operations and their order are
/// fixed, so results are the same on every run.
public enum Elementary {
    private static let ln2Hi = 6.93147180369123816490e-01
    private static let ln2Lo = 1.90821492927058770002e-10
    private static let log2e = 1.44269504088896338700e+00

    /// `eʳ - 1` for |r| ≤ ln2/2 + a little: Horner's rule with fused multiply-adds on the Taylor series to r¹³
    /// (truncation < 1e-17·|r|).
    @inline(__always) static func expm1Reduced(_ r: Double) -> Double {
        var p = 1 / 6_227_020_800.0
        p = (1 / 479_001_600.0).addingProduct(p, r)
        p = (1 / 39_916_800.0).addingProduct(p, r)
        p = (1 / 3_628_800.0).addingProduct(p, r)
        p = (1 / 362_880.0).addingProduct(p, r)
        p = (1 / 40_320.0).addingProduct(p, r)
        p = (1 / 5_040.0).addingProduct(p, r)
        p = (1 / 720.0).addingProduct(p, r)
        p = (1 / 120.0).addingProduct(p, r)
        p = (1 / 24.0).addingProduct(p, r)
        p = (1 / 6.0).addingProduct(p, r)
        p = 0.5.addingProduct(p, r)
        return r.addingProduct(r * r, p)
    }

    /// 2ᵏ for whole k in [-1022, 1023]: adding 1.5·2⁵² leaves k in the low bits of the significand (no
    /// conversion that could trap, so loops vectorise); k + 1023 shifted into the exponent field is 2ᵏ.
    @inline(__always) static func powerOfTwo(_ k: Double) -> Double {
        let bits = (k + 6_755_399_441_055_744.0).bitPattern
        return Double(bitPattern: (bits &+ 1023) &<< 52)
    }

    /// eˣ; 0 below -745.2, +∞ above 709.79, NaN for NaN.
    @inline(__always) public static func exp(_ x: Double) -> Double {
        let xc = x != x ? 0 : min(max(x, -1000), 1000)
        let k = (xc * log2e).rounded(.toNearestOrEven)
        let r = (xc - k * ln2Hi) - k * ln2Lo
        let er = expm1Reduced(r) + 1
        // 2ᵏ as two factors, so that k near either end of the range neither overflows nor loses subnormals.
        let k1 = (k * 0.5).rounded(.towardZero)
        let k2 = k - k1
        var y = er * powerOfTwo(min(max(k1, -1022), 1023)) * powerOfTwo(min(max(k2, -1022), 1023))
        y = x < -745.2 ? 0 : y
        y = x > 709.79 ? .infinity : y
        return x != x ? x : y
    }

    /// tanh x. With E = e^(-2|x|): tanh|x| = (1 - E)/(1 + E), and near 0, where 1 - E would cancel,
    /// -u/(2 + u) with u = E - 1 from the expm1 polynomial.
    @inline(__always) public static func tanh(_ x: Double) -> Double {
        let a = x != x ? 0 : abs(x)
        // For |x| > 20, tanh is 1 to double precision.
        let t = max(-2 * a, -40)
        let k = (t * log2e).rounded(.toNearestOrEven)
        let r = (t - k * ln2Hi) - k * ln2Lo
        let m = expm1Reduced(r)
        let p = powerOfTwo(k)
        let e = p * (m + 1)
        let u = p * m + (p - 1)
        let small = a < 0.3465
        let y = (small ? -u : 1 - e) / (small ? 2 + u : 1 + e)
        let signed = x < 0 ? -y : y
        return x != x ? x : signed
    }

    /// The logistic sigmoid 1/(1 + e⁻ˣ).
    @inline(__always) public static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// log x: 0 < x = 2ᵏ m with √2/2 ≤ m < √2, f = m - 1, s = f/(2 + f), so that log m = log((1+s)/(1-s)) =
    /// 2s + s R with R = 2s²/3 + 2s⁴/5 + … (|s| ≤ 0.1716: eleven terms leave < 10⁻¹⁹ of R); written as
    /// f - (f²/2 - s (f²/2 + R)), because 2s = f - f s, so that the large part f is exact and the rest a small
    /// correction, and k·ln2 added in two parts. -∞ at 0, NaN below 0 and for NaN, +∞ at +∞.
    public static func log(_ x: Double) -> Double {
        guard x > 0, x < .infinity else { return x == 0 ? -.infinity : x == .infinity ? x : .nan }
        var (y, k) = (x, 0.0)
        // A subnormal x: scaled into the normal range first.
        if y < 2.2250738585072014e-308 { (y, k) = (y * 18_014_398_509_481_984.0, -54) }
        let bits = y.bitPattern
        k += Double(Int((bits >> 52) & 0x7ff) - 1023)
        var m = Double(bitPattern: (bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000)
        if m > 1.4142135623730951 { (m, k) = (m * 0.5, k + 1) }
        let f = m - 1
        let s = f / (2 + f)
        let z = s * s
        var r = 2.0 / 23
        for n in stride(from: 21, through: 3, by: -2) { r = (2.0 / Double(n)).addingProduct(r, z) }
        r *= z
        let half = 0.5 * f * f
        return k * ln2Hi - ((half - (s * (half + r) + k * ln2Lo)) - f)
    }

    /// 1/√x for positive normal x, within 1 ulp (tested), without the divider: Adagrad's update needs one per
    /// parameter, and a square root followed by a division costs ~20 cycles per vector of eight, more than
    /// the rest of an iteration's element-wise work together. The estimate from the exponent and significand
    /// bits (relative error < 3.5 %) goes through three Newton steps y(3 - x y²)/2 (error → 3·10⁻¹¹) and a last
    /// one that computes the residual 1 - x y² with a fused multiply-add, so that it is exact enough for the
    /// quadratic step to reach the rounding of y.
    @inline(__always) public static func reciprocalSquareRoot(_ x: Double) -> Double {
        var y = Double(bitPattern: 0x5FE6_EB50_C7B5_37A9 &- (x.bitPattern &>> 1))
        let half = 0.5 * x
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        // r = 1 - (x·y)·y in one rounding; x·y's own rounding puts an error of at most 2⁻⁵³ into r, a quarter
        // of an ulp of y after the step y + (y/2)·r.
        let residual = (1.0).addingProduct(-(x * y), y)
        return y.addingProduct(y * 0.5, residual)
    }

    /// Applies exp to `count` doubles in place.
    static func exp(_ p: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { p[i] = exp(p[i]) }
    }

    /// Applies tanh to `count` doubles in place.
    static func tanh(_ p: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { p[i] = tanh(p[i]) }
    }
}
