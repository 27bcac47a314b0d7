import CZlib
import Foundation

/// Reading and writing numpy's `.npy` arrays and `.npz` archives (zip files of `.npy` members, stored or
/// deflated), for weights shared with numpy and PyTorch (`np.savez(path, **state_dict)`).
///
/// `.npy` (format versions 1–3): the magic `\x93NUMPY`, a version, a header length, then a Python dict literal
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }` and the data. Little-endian float64 (`<f8`) and
/// float32 (`<f4`, widened) are read, C or Fortran order; arrays are written as `<f8` in C order.
public enum NumpyArchive {
    public struct Array: Equatable, Sendable {
        public var shape: [Int]
        public var values: [Double]

        public init(shape: [Int], values: [Double]) {
            self.shape = shape
            self.values = values
        }
    }

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case corrupt(String)

        public var description: String {
            switch self {
            case .corrupt(let why): return why
            }
        }
    }

    // MARK: .npy

    public static func readArray(_ bytes: [UInt8], name: String = "array") throws(Error) -> Array {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Swift.Array(bytes[0..<6]) == magic else {
            throw .corrupt("\(name): not a .npy array (bad magic)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw .corrupt("\(name): truncated header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw .corrupt("\(name): unsupported .npy version \(major)")
        }
        guard headerStart + headerLength <= bytes.count else { throw .corrupt("\(name): truncated header") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard let descr = value(of: "descr", in: header)?.trimmingCharacters(in: CharacterSet(charactersIn: "'\" ")),
            let order = value(of: "fortran_order", in: header)?.trimmingCharacters(in: .whitespaces),
            let shapeText = value(of: "shape", in: header)
        else { throw .corrupt("\(name): the header lacks descr, fortran_order or shape: \(header)") }
        let shape = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
            .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        // The header is the file's to claim: a negative or overflowing shape is damage, not a size to allocate.
        var count = 1
        for n in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard n >= 0, !overflow, product <= Int(Int32.max) else {
                throw .corrupt("\(name): the shape \(shapeText.trimmingCharacters(in: .whitespaces)) is not a size")
            }
            count = product
        }
        let width: Int
        switch descr {
        case "<f8": width = 8
        case "<f4": width = 4
        default: throw .corrupt("\(name): the data type \(descr) is not float64 or float32 (little-endian)")
        }
        let dataStart = headerStart + headerLength
        guard bytes.count - dataStart >= count * width else {
            throw .corrupt("\(name): \(bytes.count - dataStart) data bytes for a \(shape) array of \(descr)")
        }
        var values = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var bits: UInt64 = 0
            for b in 0..<width { bits |= UInt64(bytes[dataStart + i * width + b]) << (8 * b) }
            values[i] = width == 8 ? Double(bitPattern: bits) : Double(Float(bitPattern: UInt32(bits)))
        }
        if order == "True", shape.count == 2 {
            // Column-major to row-major.
            let (r, c) = (shape[0], shape[1])
            values = (0..<(r * c)).map { k in values[(k % c) * r + k / c] }
        }
        return Array(shape: shape, values: values)
    }

    /// The text after `'key':` up to the next top-level comma or the dict's end.
    private static func value(of key: String, in header: String) -> String? {
        guard let range = header.range(of: "'\(key)':") else { return nil }
        var depth = 0
        var out = ""
        for c in header[range.upperBound...] {
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if (c == "," && depth == 0) || c == "}" { break }
            out.append(c)
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    public static func writeArray(_ array: Array) -> [UInt8] {
        let shape =
            array.shape.count == 1
            ? "(\(array.shape[0]),)" : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }"
        // Pad with spaces so that the data starts at a multiple of 64 bytes, ending in a newline.
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [
            0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8),
        ]
        bytes += Swift.Array(header.utf8)
        for v in array.values {
            let bits = v.bitPattern
            for b in 0..<8 { bytes.append(UInt8((bits >> (8 * UInt64(b))) & 0xFF)) }
        }
        return bytes
    }

    // MARK: .npz

    /// The arrays of an `.npz` archive by name (member name without `.npy`).
    /// A member larger than `maxMemberBytes` once inflated is an error, found from the zip directory before
    /// anything is inflated.
    public static func read(_ bytes: [UInt8], maxMemberBytes: Int = 1 << 30) throws(Error) -> [String: Array] {
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        // The end-of-central-directory record, searched from the end.
        var eocd = bytes.count - 22
        while eocd >= 0,
            !(bytes[eocd] == 0x50 && bytes[eocd + 1] == 0x4B && bytes[eocd + 2] == 5 && bytes[eocd + 3] == 6)
        { eocd -= 1 }
        guard eocd >= 0 else { throw .corrupt("not a zip archive (.npz): no end of central directory") }
        let entries = u16(eocd + 10)
        var offset = u32(eocd + 16)
        var arrays: [String: Array] = [:]
        for _ in 0..<entries {
            guard offset + 46 <= bytes.count, u32(offset) == 0x0201_4B50 else {
                throw .corrupt("the zip directory is damaged")
            }
            let method = u16(offset + 10)
            let compressed = u32(offset + 20)
            let size = u32(offset + 24)
            let nameLength = u16(offset + 28)
            let extra = u16(offset + 30)
            let comment = u16(offset + 32)
            let local = u32(offset + 42)
            guard offset + 46 + nameLength <= bytes.count else { throw .corrupt("the zip directory is damaged") }
            let name = String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            offset += 46 + nameLength + extra + comment
            guard local + 30 <= bytes.count, u32(local) == 0x0403_4B50 else {
                throw .corrupt("\(name): damaged zip entry")
            }
            let start = local + 30 + u16(local + 26) + u16(local + 28)
            guard start + compressed <= bytes.count else { throw .corrupt("\(name): truncated") }
            let stored = Swift.Array(bytes[start..<(start + compressed)])
            let member: [UInt8]
            switch method {
            case 0: member = stored
            case 8:
                guard size <= maxMemberBytes else {
                    throw .corrupt("\(name): \(size) bytes once inflated, more than the \(maxMemberBytes) allowed")
                }
                member = try inflate(stored, size: size, name: name)
            default: throw .corrupt("\(name): zip compression method \(method) is not supported")
            }
            let key = name.hasSuffix(".npy") ? String(name.dropLast(4)) : name
            arrays[key] = try readArray(member, name: key)
        }
        return arrays
    }

    private static func inflate(_ data: [UInt8], size: Int, name: String) throws(Error) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: max(size, 1))
        var stream = z_stream()
        var status = inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw .corrupt("\(name): cannot start inflating") }
        defer { inflateEnd(&stream) }
        var input = data
        status = input.withUnsafeMutableBufferPointer { inPtr in
            output.withUnsafeMutableBufferPointer { outPtr in
                stream.next_in = inPtr.baseAddress
                stream.avail_in = uInt(inPtr.count)
                stream.next_out = outPtr.baseAddress
                stream.avail_out = uInt(outPtr.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else {
            throw .corrupt("\(name): the deflated data is damaged")
        }
        return Swift.Array(output.prefix(size))
    }

    /// An `.npz` archive (stored, not compressed) of the arrays, in name order.
    public static func write(_ arrays: [String: Array]) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16((v >> 16) & 0xFFFF) }
        for (name, array) in arrays.sorted(by: { $0.key < $1.key }) {
            let data = writeArray(array)
            let file = Swift.Array((name + ".npy").utf8)
            let crc = data.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, uInt($0.count))) }
            let common =
                le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc) + le32(data.count) + le32(data.count)
                + le16(file.count) + le16(0)
            let offset = out.count
            out += le32(0x0403_4B50) + common + file + data
            directory +=
                le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + file
        }
        let start = out.count
        out += directory
        out +=
            le32(0x0605_4B50) + le16(0) + le16(0) + le16(arrays.count) + le16(arrays.count) + le32(directory.count)
            + le32(start) + le16(0)
        return out
    }
}

/// Why weights could not be loaded into a model.
public enum WeightLoadingError: Error, Equatable, CustomStringConvertible {
    case missing(parameter: String, expected: [Int])
    case shape(parameter: String, expected: [Int], found: [Int])

    public var description: String {
        func text(_ s: [Int]) -> String { s.map(String.init).joined(separator: "×") }
        switch self {
        case .missing(let p, let expected): return "the file has no parameter '\(p)' (expected shape \(text(expected)))"
        case .shape(let p, let expected, let found):
            return "parameter '\(p)' should be \(text(expected)) but the file has \(text(found))"
        }
    }
}

extension ParameterSet {
    /// The same names and shapes with the values of `arrays` (a vector of n matches an n × 1 bias). Arrays
    /// the model does not have are ignored.
    public func loading(_ arrays: [String: NumpyArchive.Array]) throws(WeightLoadingError) -> ParameterSet {
        var out = self
        for k in items.indices {
            let p = items[k]
            let expected = [p.value.rows, p.value.cols]
            guard let array = arrays[p.name] else { throw .missing(parameter: p.name, expected: expected) }
            let fits = array.shape == expected || (p.value.cols == 1 && array.shape == [p.value.rows])
            guard fits else { throw .shape(parameter: p.name, expected: expected, found: array.shape) }
            out.items[k].value.values = array.values
        }
        return out
    }

    /// Every parameter as an array of its shape (biases as vectors, as PyTorch keeps them).
    public var arrays: [String: NumpyArchive.Array] {
        Dictionary(
            uniqueKeysWithValues: items.map { p in
                (
                    p.name,
                    NumpyArchive.Array(
                        shape: p.value.cols == 1 ? [p.value.rows] : [p.value.rows, p.value.cols], values: p.value.values
                    )
                )
            })
    }
}
