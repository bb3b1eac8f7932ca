import Foundation
import Testing

@testable import ScopeFlow

/// The TF-written fixtures copied under Resources/fixtures, and their JSON descriptions.
enum Fixtures {
    static let root = Bundle.module.url(forResource: "fixtures", withExtension: nil, subdirectory: "Resources")!.path

    static func path(_ relative: String) -> String { root + "/" + relative }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(name + ".json")))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "scopeflow-io-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The expected values of a JSON tensor description as doubles (numbers and bools) or strings.
    static func values(_ tensor: HostTensor) -> [AnyHashable] {
        switch tensor.storage {
        case .float16(let v): return v.map { Double($0) }
        case .float32(let v): return v.map { Double($0) }
        case .float64(let v): return v
        case .int32(let v): return v.map { Double($0) }
        case .int64(let v): return v.map { Double($0) }
        case .bool(let v): return v
        case .string(let v): return v
        }
    }

    /// JSON values as ``values(_:)`` gives them for a tensor of `dtype`.
    static func jsonValues(_ values: [Any], dtype: DType) -> [AnyHashable] {
        values.map { value in
            if let string = value as? String { return string }
            let number = value as! NSNumber
            switch dtype {
            case .bool: return number.boolValue
            // Foundation's JSON parser may miss the last bit of a double; float32 values round back exactly.
            case .float32: return Double(Float(number.doubleValue))
            default: return number.doubleValue
            }
        }
    }
}

@Suite struct CheckpointFixtureTests {
    static let checkpoints = [("ckpt_basic", "model.ckpt"), ("ckpt_adam", "model.ckpt-2"), ("ckpt_adam", "model.ckpt-3")]

    @Test(arguments: checkpoints)
    func readsEveryTensorExactly(fixture: String, prefix: String) throws {
        let description = try Fixtures.json(fixture)
        let checkpoint = (description["checkpoints"] as! [[String: Any]]).first { $0["prefix"] as? String == prefix }!
        let variables = checkpoint["variables"] as! [[String: Any]]
        let reader = try CheckpointReader(prefix: Fixtures.path("\(fixture)/\(prefix)"))
        #expect(reader.entries.map(\.name) == variables.map { $0["name"] as! String })
        for (entry, expected) in zip(reader.entries, variables) {
            #expect(entry.dtype.name == expected["dtype"] as! String)
            #expect(entry.shape == expected["shape"] as! [Int])
            let value = try reader.tensor(named: entry.name)
            #expect(value.shape == entry.shape)
            #expect(Fixtures.values(value) == Fixtures.jsonValues(expected["values"] as! [Any], dtype: entry.dtype), "\(entry.name)")
        }
    }

    @Test(arguments: checkpoints)
    func writerReproducesTheFixtureBytes(fixture: String, prefix: String) throws {
        let path = Fixtures.path("\(fixture)/\(prefix)")
        let reader = try CheckpointReader(prefix: path)
        var tensors: [String: HostTensor] = [:]
        for entry in reader.entries { tensors[entry.name] = try reader.tensor(named: entry.name) }
        let (index, data) = try CheckpointWriter.encode(tensors)
        #expect(index == (try FileIO.read(path + ".index")))
        #expect(data == (try FileIO.read(path + ".data-00000-of-00001")))
    }

    @Test func crcAndMaskMatchTheDocumentedVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.mask(0) == 0xA282_EAD8)
        #expect(CRC32C.mask(0xE306_9283) == 0xC78A_B0E5)
        #expect(CRC32C.unmask(0xC78A_B0E5) == 0xE306_9283)
        let strings = TensorCoding.encodeStrings(["ab", ""])
        #expect(strings.bytes == [0x02, 0x00, 0x78, 0x27, 0x0b, 0x34, 0x61, 0x62])
        #expect(strings.maskedCRC == 0x4DB0_8891)
    }

    @Test func writesTheDocumentedSmallestIndex() throws {
        let (index, data) = try CheckpointWriter.encode(["w": HostTensor([1, 2] as [Float])])
        #expect(data == [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40])
        #expect(index.count == 121)
        #expect(Array(index.suffix(8)) == [0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb])
    }
}
