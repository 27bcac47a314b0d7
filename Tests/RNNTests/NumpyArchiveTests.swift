import Foundation
import RNN
import XCTest

/// `.npy` and `.npz` as numpy writes them (`Reference/make_npz_fixtures.py`).
final class NumpyArchiveTests: XCTestCase {
    func reference(_ name: String) throws -> [UInt8] {
        let folder = try XCTUnwrap(Bundle.module.url(forResource: "Reference", withExtension: nil))
        return [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    func expected() throws -> [String: NumpyArchive.Array] {
        let text = String(decoding: try reference("expected_weights.txt"), as: UTF8.self)
        var out: [String: NumpyArchive.Array] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            out[String(parts[0])] = NumpyArchive.Array(
                shape: parts[1].split(separator: ",").map { Int($0)! }, values: parts[2...].map { Double($0)! })
        }
        return out
    }

    func testStoredAndDeflatedArchivesReadBitForBit() throws {
        let want = try expected()
        for file in ["weights_stored.npz", "weights_compressed.npz"] {
            let arrays = try NumpyArchive.read(try reference(file))
            XCTAssertEqual(arrays, want, file)
        }
        XCTAssertEqual(
            try NumpyArchive.readArray(try reference("fortran.npy")), want["fortran"], "Fortran order becomes C order")
    }

    func testWrittenArchivesReadBackIdentically() throws {
        let want = try expected()
        XCTAssertEqual(try NumpyArchive.read(NumpyArchive.write(want)), want)
    }

    func testABrokenHeaderIsAnErrorThatSaysWhy() throws {
        XCTAssertThrowsError(try NumpyArchive.readArray(try reference("broken_header.npy"), name: "W")) { error in
            XCTAssertEqual("\(error)", "W: the header lacks descr, fortran_order or shape: {'descr': '<i8'}")
        }
        XCTAssertThrowsError(try NumpyArchive.read([1, 2, 3])) { error in
            XCTAssertEqual("\(error)", "not a zip archive (.npz): no end of central directory")
        }
    }

    func testLoadingIntoANetworkNamesTheMissingOrMisshapenParameter() throws {
        let arrays = try NumpyArchive.read(try reference("weights_stored.npz"))
        let shapes = RecurrentNetwork.parameterShapes(
            kind: .lstm, inputSize: 3, hiddenSize: 2, layers: 1, bidirectional: false)
        let zeros = ParameterSet(shapes.map { Parameter(name: $0.0, value: Matrix(zeros: $0.1[0], $0.1[1])) })
        let loaded = try zeros.loading(arrays)
        XCTAssertEqual(loaded["weight_hh_l0"]!.values, arrays["weight_hh_l0"]!.values)
        XCTAssertEqual(loaded["bias_hh_l0"]!.shape, [8, 1])
        let wider = RecurrentNetwork.parameterShapes(
            kind: .lstm, inputSize: 3, hiddenSize: 3, layers: 1, bidirectional: false)
        XCTAssertThrowsError(
            try ParameterSet(wider.map { Parameter(name: $0.0, value: Matrix(zeros: $0.1[0], $0.1[1])) }).loading(
                arrays)
        ) {
            XCTAssertEqual("\($0)", "parameter 'weight_ih_l0' should be 12×3 but the file has 8×3")
        }
        let deeper = RecurrentNetwork.parameterShapes(
            kind: .lstm, inputSize: 3, hiddenSize: 2, layers: 2, bidirectional: false)
        XCTAssertThrowsError(
            try ParameterSet(deeper.map { Parameter(name: $0.0, value: Matrix(zeros: $0.1[0], $0.1[1])) }).loading(
                arrays)
        ) {
            XCTAssertEqual("\($0)", "the file has no parameter 'weight_ih_l1' (expected shape 8×2)")
        }
    }

    /// A `.npy` whose header claims `shape`, with 16 data bytes after it.
    func npy(shape: String) -> [UInt8] {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        let length = header.utf8.count
        return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
            + [UInt8](repeating: 0, count: 16)
    }

    func testAShapeThatIsNotASizeIsAnErrorNotATrap() throws {
        XCTAssertEqual(try NumpyArchive.readArray(npy(shape: "(2,)")).values, [0, 0])
        for shape in ["(-3,)", "(4294967296, 4294967296)", "(9223372036854775807, 2)", "(3037000500, 3037000500)"] {
            XCTAssertThrowsError(try NumpyArchive.readArray(npy(shape: shape)), shape) { error in
                XCTAssertEqual("\(error)", "array: the shape \(shape) is not a size")
            }
        }
        XCTAssertThrowsError(try NumpyArchive.readArray(npy(shape: "(1000,)"))) { error in
            XCTAssertEqual("\(error)", "array: 16 data bytes for a [1000] array of <f8")
        }
    }

    func testADeflatedMemberLargerThanAllowedIsRefusedBeforeInflating() throws {
        let archive = try reference("weights_compressed.npz")
        XCTAssertNoThrow(try NumpyArchive.read(archive))
        XCTAssertThrowsError(try NumpyArchive.read(archive, maxMemberBytes: 64)) { error in
            XCTAssertTrue("\(error)".contains("once inflated, more than the 64 allowed"), "\(error)")
        }
    }
}
