import Foundation
import Testing

@testable import ScopeFlow

/// `.npy` and `.npz` files as numpy writes and reads them: fixtures written by numpy
/// (`Scripts/tf-verify/record_numpy_fixtures.py`, with the values numpy reads back in `numpy.json`).
@Suite struct NumpyFileTests {
    struct Expected: Decodable {
        let dtype: String
        let shape: [Int]
        let values: [JSONScalar]
    }

    enum JSONScalar: Decodable, Equatable {
        case number(Double)
        case bool(Bool)
        case text(String)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Double.self) {
                self = .number(value)
            } else {
                self = .text(try container.decode(String.self))
            }
        }
    }

    /// A member of an .npz: its name and values (a two-element JSON array).
    struct NamedExpected: Decodable {
        let name: String
        let expected: Expected

        init(from decoder: Decoder) throws {
            var container = try decoder.unkeyedContainer()
            name = try container.decode(String.self)
            expected = try container.decode(Expected.self)
        }
    }

    struct Manifest: Decodable {
        let npy: [String: Expected]
        let npz: [String: [NamedExpected]]
        let version2: [String: Expected]
        let unsupported: [String]
    }

    static let folder = Bundle.module.url(forResource: "numpy", withExtension: nil, subdirectory: "Resources")!.path
    static let manifest: Manifest = try! JSONDecoder().decode(
        Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/numpy.json")))

    /// The values of `tensor` as the manifest writes them.
    static func scalars(_ tensor: HostTensor) -> [JSONScalar] {
        switch tensor.storage {
        case .float16(let v): return v.map { .number(Double($0)) }
        case .float32(let v): return v.map { .number(Double($0)) }
        case .float64(let v): return v.map { .number($0) }
        case .int32(let v): return v.map { .number(Double($0)) }
        case .int64(let v): return v.map { .number(Double($0)) }
        case .bool(let v): return v.map { .bool($0) }
        case .string(let v): return v.map { .text($0) }
        }
    }

    static func check(_ tensor: HostTensor, _ expected: Expected, _ label: String) {
        let dtype = tensor.dtype == .string ? "string" : "\(tensor.dtype)"
        #expect(dtype == expected.dtype, "\(label)")
        #expect(tensor.shape == expected.shape, "\(label)")
        #expect(scalars(tensor) == expected.values, "\(label)")
    }

    static func temporaryPath(_ suffix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)\(suffix)").path
    }

    @Test func numpysFilesReadAsNumpyReadsThem() throws {
        for (file, expected) in Self.manifest.npy.merging(Self.manifest.version2, uniquingKeysWith: { a, _ in a }) {
            Self.check(try readNumpy(Self.folder + "/" + file), expected, file)
        }
    }

    @Test func archivesStoredAndDeflatedReadAsNumpyReadsThem() throws {
        for (file, members) in Self.manifest.npz {
            let arrays = try readNumpyArchive(Self.folder + "/" + file)
            #expect(arrays.map(\.name) == members.map(\.name), "\(file)")
            for (array, member) in zip(arrays, members) { Self.check(array.tensor, member.expected, file) }
        }
    }

    @Test func writtenFilesAreByteForByteNumpys() throws {
        // Little-endian C-order arrays: numpy.save wrote exactly these bytes.
        for file in ["float32_2x3", "float64_scalar", "int64_vector", "int32_3d", "bool_matrix", "float16_vector",
                     "empty_0x3", "unicode"] {
            let original = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/\(file).npy"))
            #expect(Data(NumpyArray.encode(try readNumpy(Self.folder + "/\(file).npy"))) == original, "\(file)")
        }
    }

    @Test func archivesRoundTrip() throws {
        let path = Self.temporaryPath(".npz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let arrays = try readNumpyArchive(Self.folder + "/savez_compressed.npz")
        try writeNumpyArchive(arrays, to: path)
        let back = try readNumpyArchive(path)
        #expect(back.map(\.name) == arrays.map(\.name))
        for (a, b) in zip(back, arrays) {
            #expect(a.tensor.shape == b.tensor.shape)
            #expect(a.tensor.storage == b.tensor.storage)
        }
        let error = try #require(throws: ScopeFlowError.self) { try writeNumpyArchive(arrays + [arrays[0]], to: path) }
        #expect(error.message.contains("Array name 'big' is repeated"))
    }

    @Test func unsupportedTypesNameTheConversion() throws {
        let error = try #require(throws: ScopeFlowError.self) { try readNumpy(Self.folder + "/uint8.npy") }
        #expect(error.code == .unimplemented)
        #expect(error.message.contains("'|u1', which has no ScopeFlow dtype; convert it with arr.astype(np.int32"))
        let complex = try #require(throws: ScopeFlowError.self) { try readNumpy(Self.folder + "/complex.npy") }
        #expect(complex.message.contains("'<c8'"))
    }

    @Test func damagedFilesAreRefusedWithTheReason() throws {
        let good = Array(try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/float32_2x3.npy")))
        func reason(_ bytes: [UInt8]) -> String {
            do {
                _ = try NumpyArray.decode(bytes[...], file: "x.npy")
                return "read"
            } catch { return (error as? ScopeFlowError)?.message ?? "\(error)" }
        }
        #expect(reason(Array(good.dropLast(4))).contains("needs 24 bytes of data but 20 follow the header"))
        #expect(reason(good + [0]).contains("1 bytes follow the 6 elements"))
        #expect(reason([0x93] + Array("NUMPX".utf8) + good.dropFirst(6)).contains("magic bytes"))
        var badShape = good
        let shapeAt = String(decoding: good, as: UTF8.self).range(of: "(2, 3)")!.lowerBound.utf16Offset(
            in: String(decoding: good, as: UTF8.self))
        badShape.replaceSubrange(shapeAt..<shapeAt + 6, with: Array("(-2,3)".utf8))
        #expect(reason(badShape).contains("not a non-negative integer"))
        let zip = Array(try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/savez_compressed.npz")))
        var flipped = zip
        flipped[200] ^= 0xFF
        let error = try #require(throws: ScopeFlowError.self) {
            _ = try ZipArchive.members(of: flipped, file: "x.npz")
        }
        #expect(error.code == .dataLoss)
        #expect(throws: ScopeFlowError.self) { _ = try ZipArchive.members(of: Array(zip.prefix(1000)), file: "x.npz") }
    }
}
