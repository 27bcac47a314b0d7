import Crypto
import Foundation

/// Which handouts a build writes: the instructor's (everything, every exercise's answers and solution) or the
/// students' (questions and hints; no answer, no solution, nothing marked `instructor`).
public enum Edition: String, CaseIterable, Sendable {
    case instructor
    case student
}

/// Per-student numbers: a model or corpus with `vary: seed` draws from a seed derived from the variant's name
/// (a student's id), so each student gets their own weights and answers, and grading recomputes them.
public enum Variant {
    /// The seed of `name`'s `seed` for `variant`: the first four bytes, big-endian, of
    /// SHA-256("rnn-workbook-variant\0<variant>\0<name>\0<seed>"). Stable across machines and versions.
    public static func seed(_ seed: UInt32, name: String, variant: String) -> UInt32 {
        let digest = Array(SHA256.hash(data: Data("rnn-workbook-variant\u{0}\(variant)\u{0}\(name)\u{0}\(seed)".utf8)))
        return digest.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }
}
