import Foundation
import Testing

@testable import ScopeFlow

/// Partitioned variables in V2 checkpoints, against `Resources/fixtures/ckpt_partitioned`, which
/// TF 2.21 wrote (Scripts/tf-verify/record_partitioned_checkpoint.py): `model/emb` [5, 3] float32
/// in 2 parts along axis 0, `model/cols` [2, 5] float64 in 3 parts along axis 1, `model/ids` [7]
/// int64 in 3 parts, and a plain `model/w` [2].
@Suite struct PartitionedCheckpointTests {
    static let fixture = Fixtures.path("ckpt_partitioned/model.ckpt")

    static let emb = (0..<15).map { Float($0) * 0.5 - 2 }
    static let cols = (0..<10).map { Double($0) / 3 }
    static let ids: [Int64] = [3, -1, 4, 1, -5, 9, 2]
    static let w: [Float] = [0.25, -0.75]

    private static func parts(_ count: Int, axis: Int) -> Partitioner {
        Partitioner { shape, _ in
            var partitions = Array(repeating: 1, count: shape.count)
            partitions[axis] = count
            return partitions
        }
    }

    /// The fixture's model, initialized with its values or with zeros; `embParts` cuts `emb` otherwise.
    private static func model(initial: Bool, embParts: Int = 2) throws -> (
        Session, [String: PartitionedVariable], Variable, Saver
    ) {
        let graph = Graph()
        return try graph.asDefault {
            try variableScope("model") { _ in
                func value<T: HostScalar & Numeric>(_ values: [T], _ shape: [Int]) throws -> Initializer {
                    .tensor(try constant(try HostTensor(initial ? values : values.map { _ in 0 }, shape: shape)))
                }
                let partitioned = [
                    "model/emb": try getPartitionedVariable(
                        "emb", initializer: value(emb, [5, 3]), partitioner: parts(embParts, axis: 0)),
                    "model/cols": try getPartitionedVariable(
                        "cols", initializer: value(cols, [2, 5]), partitioner: parts(3, axis: 1)),
                    "model/ids": try getPartitionedVariable(
                        "ids", initializer: value(ids, [7]), partitioner: parts(3, axis: 0)),
                ]
                let plain = try getVariable("w", initializer: value(w, [2]))
                let session = Session()
                try session.run(globalVariablesInitializer())
                return (session, partitioned, plain, try Saver())
            }
        }
    }

    @Test func readsTensorFlowsPartitionedCheckpoint() throws {
        let reader = try CheckpointReader(prefix: Self.fixture)
        #expect(reader.entries.map(\.name) == ["model/cols", "model/emb", "model/ids", "model/w"])
        #expect(reader.entries.map(\.shape) == [[2, 5], [5, 3], [7], [2]])
        #expect(try reader.tensor(named: "model/emb").floats == Self.emb)
        #expect(try reader.tensor(named: "model/cols").doubles == Self.cols)
        #expect(try reader.tensor(named: "model/ids").int64s == Self.ids)
        #expect(try reader.tensor(named: "model/w").floats == Self.w)
    }

    @Test func restoresTensorFlowsCheckpointIntoPartitionedVariables() throws {
        let (session, partitioned, plain, saver) = try Self.model(initial: false)
        try saver.restore(session, from: Self.fixture)
        #expect(try session.run(partitioned["model/emb"]!.asTensor()).floats == Self.emb)
        #expect(try session.run(partitioned["model/cols"]!.asTensor()).doubles == Self.cols)
        #expect(try session.run(partitioned["model/ids"]!.asTensor()).int64s == Self.ids)
        #expect(try session.value(of: plain)?.floats == Self.w)
        // Each part holds its own slice: cols/part_1 is columns 2 and 3.
        #expect(try session.value(of: partitioned["model/cols"]!.parts[1])?.doubles == [2, 3, 7, 8].map { $0 / 3 })
    }

    /// The same variables and values give TF's very bytes, `.index` and data file alike.
    @Test func writesTheBytesTensorFlowWrites() throws {
        let (session, _, _, saver) = try Self.model(initial: true)
        let directory = try Fixtures.temporaryDirectory()
        let prefix = try saver.save(session, to: directory + "/model.ckpt")
        #expect(try FileIO.read(prefix + ".index") == FileIO.read(Self.fixture + ".index"))
        #expect(
            try FileIO.read(prefix + ".data-00000-of-00001") == FileIO.read(Self.fixture + ".data-00000-of-00001"))
    }

    @Test func restoresIntoAnotherPartitioningAndIntoAPlainVariable() throws {
        let (session, _, _, saver) = try Self.model(initial: true)
        let directory = try Fixtures.temporaryDirectory()
        let prefix = try saver.save(session, to: directory + "/model.ckpt")

        let (other, partitioned, _, otherSaver) = try Self.model(initial: false, embParts: 3)
        try otherSaver.restore(other, from: prefix)
        #expect(partitioned["model/emb"]!.parts.map(\.shape) == [[2, 3], [2, 3], [1, 3]])
        #expect(try other.run(partitioned["model/emb"]!.asTensor()).floats == Self.emb)

        let graph = Graph()
        let whole = try graph.asDefault { try getVariable("model/emb", shape: [5, 3]) }
        let plain = Session(graph: graph)
        try Saver(varList: ["model/emb": whole]).restore(plain, from: prefix)
        #expect(try plain.value(of: whole)?.floats == Self.emb)
    }

    @Test func restoringAPartitionedVariableOfAnotherShapeNamesIt() throws {
        let (session, partitioned, _, _) = try Self.model(initial: false)
        let saver = try Saver(partitionedVarList: ["model/w": partitioned["model/emb"]!])
        let error = try #require(throws: ScopeFlowError.self) { try saver.restore(session, from: Self.fixture) }
        #expect(error.code == .dtypeMismatch || error.code == .shapeMismatch)
        #expect(error.message.contains("model/w has shape [2] in the checkpoint but [5, 3] in the graph (partitioned)"))
    }

    /// FORMATS.md's example: the slice keys of a `[4, 3]` `emb/table` in 2 parts along axis 0.
    @Test func encodesSliceKeysAsTensorFlow() {
        let name = Array("emb/table".utf8)
        #expect(
            CheckpointSliceKey.encode(name: "emb/table", start: [0, 0], length: [2, 3])
                == [0x00] + name + [0x00, 0x01, 0x01, 0x02, 0x80, 0x82, 0x80, 0x83])
        #expect(
            CheckpointSliceKey.encode(name: "emb/table", start: [2, 0], length: [2, 3])
                == [0x00] + name + [0x00, 0x01, 0x01, 0x02, 0x82, 0x82, 0x80, 0x83])
        // Three-byte numbers, from TF's key of a [20000] `t` in 2 parts: 10000 is E0 27 10.
        #expect(
            CheckpointSliceKey.encode(name: "t", start: [0], length: [10000])
                == [0x00, 0x74, 0x00, 0x01, 0x01, 0x01, 0x80, 0xE0, 0x27, 0x10])
        #expect(
            CheckpointSliceKey.encode(name: "t", start: [10000], length: [10000]).suffix(6)
                == [0xE0, 0x27, 0x10, 0xE0, 0x27, 0x10])
    }
}
