import Foundation
import Testing

@testable import ScopeFlow

/// `TensorArray` programs (and `gradients` through them) build TF 2.21's graphs node for node —
/// names, op types, inputs, control inputs, order and static shapes — and run to TF's values and
/// TF's run-time errors (`Resources/tensor_array_graphs.json`, recorded by
/// `Scripts/tf-verify/record_tensor_array_graphs.py`, which holds the Python of each case).
@Suite struct TensorArrayGraphTests {
    /// One fetch TF ran: its value, or the kernel's error message.
    struct Fetch: Decodable {
        let name: String
        var dtype: String? = nil
        var shape: [Int]? = nil
        var value: [Double]? = nil
        var error: String? = nil
    }

    /// One recorded program.
    struct RecordedCase: Decodable {
        let nodes: [WhileGraphOracle.Node]
        let build_error: String?
        let fetches: [Fetch]
    }

    static let recorded: [String: RecordedCase] = {
        let url = Bundle.module.url(
            forResource: "tensor_array_graphs", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode([String: RecordedCase].self, from: Data(contentsOf: url))
    }()

    /// The value TF fed to `x`.
    static let x = try! HostTensor((0..<12).map { Float($0) - 5 }, shape: [4, 3])

    /// Builds `body` in a fresh graph, expects TF's nodes, then runs each fetch on its own with
    /// `x` fed and expects TF's value or TF's error message.
    func expectTFGraph(
        _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation,
        _ body: (Tensor) throws -> [Tensor]
    ) throws {
        let recorded = try #require(Self.recorded[name], "no recorded case \(name)")
        let graph = Graph()
        let fetches = try graph.asDefault { try body(placeholder(.float32, shape: [4, 3], name: "x")) }
        expectNodes(of: graph, recorded.nodes, sourceLocation: sourceLocation)
        #expect(fetches.map(\.name) == recorded.fetches.map(\.name), sourceLocation: sourceLocation)
        let feeds = [try #require(graph.tensor(named: "x:0")): Self.x]
        for (fetch, tf) in zip(fetches, recorded.fetches) {
            let session = Session(graph: graph)
            if let message = tf.error {
                let error = #expect(throws: ScopeFlowError.self, sourceLocation: sourceLocation) {
                    try session.run(fetch, feeds: feeds)
                }
                // TF names the resource `TensorArray_<counter>`; the message after it is the kernel's.
                let kernelMessage = message.split(separator: ": ", maxSplits: 1).last.map(String.init) ?? message
                let expected = message.hasPrefix("TensorArray has") ? message : kernelMessage
                #expect(
                    error?.message.contains(expected) == true, "\(error?.message ?? "") vs TF's \(message)",
                    sourceLocation: sourceLocation)
                continue
            }
            let value = try session.run(fetch, feeds: feeds)
            #expect(value.dtype.name == tf.dtype, "\(fetch.name)", sourceLocation: sourceLocation)
            #expect(value.shape == tf.shape, "\(fetch.name)", sourceLocation: sourceLocation)
            let got = value.floats.map { $0.map(Double.init) } ?? value.int32s.map { $0.map(Double.init) } ?? []
            #expect(got == tf.value, "\(fetch.name): \(got) vs TF's \(tf.value ?? [])", sourceLocation: sourceLocation)
        }
    }

    /// Expects `body` to fail building with TF's message, after building TF's nodes.
    func expectTFBuildError(
        _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation, _ body: (Tensor) throws -> Void
    ) throws {
        let recorded = try #require(Self.recorded[name], "no recorded case \(name)")
        let message = try #require(recorded.build_error)
        let graph = Graph()
        let error = #expect(throws: ScopeFlowError.self, sourceLocation: sourceLocation) {
            try graph.asDefault { try body(placeholder(.float32, shape: [4, 3], name: "x")) }
        }
        #expect(
            error?.message.hasPrefix(message) == true, "\(error?.message ?? "") vs TF's \(message)",
            sourceLocation: sourceLocation)
        expectNodes(of: graph, recorded.nodes, sourceLocation: sourceLocation)
    }

    private func expectNodes(
        of graph: Graph, _ nodes: [WhileGraphOracle.Node], sourceLocation: Testing.SourceLocation
    ) {
        let built = graph.operations.map(WhileGraphOracle.Node.init)
        if let (index, (swift, tf)) = zip(built, nodes).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            Issue.record("node \(index) differs:\n  Swift: \(swift)\n  TF:    \(tf)", sourceLocation: sourceLocation)
        }
        #expect(built.count == nodes.count, "\(built.count) nodes, TF \(nodes.count)", sourceLocation: sourceLocation)
    }

    @Test func roundTrip() throws {
        try expectTFGraph("round_trip") { x in
            let ta = try TensorArray(dtype: .float32, size: 4, clearAfterRead: false).unstack(x)
            return [try ta.read(1), try ta.stack(), try ta.gather([0, 2]), try ta.concat(), try ta.size()]
        }
    }

    @Test func writeRead() throws {
        try expectTFGraph("write_read") { x in
            var ta = try TensorArray(dtype: .float32, size: 3, elementShape: [3])
            for k in 0..<3 { ta = try ta.write(k, x[.index(k)] * Double(k + 1)) }
            return [try ta.stack(), try ta.size()]
        }
    }

    @Test func dynamicSize() throws {
        try expectTFGraph("dynamic_size") { x in
            var ta = try TensorArray(dtype: .float32, size: 0, dynamicSize: true, tensorArrayName: "grow")
            ta = try ta.write(0, x[0]).write(2, x[2])
            ta = try ta.write(1, x[1])
            return [try ta.size(), try ta.stack()]
        }
    }

    @Test func splitConcat() throws {
        try expectTFGraph("split_concat") { x in
            let ta = try TensorArray(dtype: .float32, size: 2).split(x, lengths: [2, 2])
            let other = try TensorArray(dtype: .float32, size: 2, inferShape: false).split(
                x, lengths: constant([Int32(3), 1]))
            return [try ta.concat(), try other.read(0), try other.read(1), ta.flow]
        }
    }

    @Test func scatterGather() throws {
        try expectTFGraph("scatter_gather") { x in
            let ta = try TensorArray(dtype: .int32, size: 3, clearAfterRead: false).scatter(
                indices: [2, 0, 1], value: cast(x[.range(nil, 3)], to: .int32))
            try ta.close()
            return [try ta.gather([0, 2]), try ta.read(2), try ta.stack()]
        }
    }

    @Test func writingAnIndexTwiceOrElementsOfTwoShapesFailsAsInTF() throws {
        try expectTFGraph("double_write") { x in
            let ta = try TensorArray(dtype: .float32, size: 2).write(0, x[0]).write(0, x[1])
            let mixed = try TensorArray(dtype: .float32, size: 2, inferShape: false).write(0, x[0]).write(
                1, x[.range(nil, 2)])
            return [try ta.read(0), try mixed.stack()]
        }
    }

    @Test func readingAClearedElementFailsAsInTF() throws {
        try expectTFGraph("read_after_clear") { x in
            let ta = try TensorArray(dtype: .float32, size: 2).write(0, x[0])
            let first = try ta.read(0)
            return [try controlDependencies([first.op]) { try ta.read(0) }]
        }
    }

    @Test func aWriteOfAnotherShapeIsTFsError() throws {
        try expectTFBuildError("inconsistent_write") { x in
            _ = try TensorArray(dtype: .float32, size: 2).write(0, x[0]).write(1, x)
        }
    }

    @Test func stackGradient() throws {
        try expectTFGraph("stack_gradient") { x in
            let ta = try TensorArray(dtype: .float32, size: 4).unstack(x)
            return try gradients(ta.stack() * x, [x]).map { try #require($0) }
        }
    }

    @Test func readWriteGradient() throws {
        try expectTFGraph("read_write_gradient") { x in
            let ta = try TensorArray(dtype: .float32, size: 2).write(0, x[0] * 2.0).write(1, square(x[1]))
            return try gradients(ta.read(0) * ta.read(1), [x]).map { try #require($0) }
        }
    }

    @Test func concatSplitGradient() throws {
        try expectTFGraph("concat_split_gradient") { x in
            let ta = try TensorArray(dtype: .float32, size: 2).split(x, lengths: [2, 2])
            return try gradients(reduceSum(square(ta.concat())), [x]).map { try #require($0) }
        }
    }

    @Test func gatherScatterGradient() throws {
        try expectTFGraph("gather_scatter_gradient") { x in
            let ta = try TensorArray(dtype: .float32, size: 4).scatter(indices: [3, 1, 0, 2], value: x)
            return try gradients(ta.gather([1, 3]) * 3.0, [x]).map { try #require($0) }
        }
    }

    @Test func foldlReadsOneRowPerIteration() throws {
        try expectTFGraph("foldl") { x in
            [
                try foldl({ acc, row in try acc + row }, x),
                try foldl({ acc, row in try acc - row }, x, initializer: zeros(shape: [3])),
            ]
        }
    }

    @Test func mapFnWritesOneResultPerIteration() throws {
        try expectTFGraph("map_fn") { x in [try mapFn({ row in try row * 2.0 + 1.0 }, x)] }
    }

    @Test func scanKeepsEveryRunningResult() throws {
        try expectTFGraph("scan") { x in
            [
                try scan({ acc, row in try acc + row }, x),
                try scan({ acc, row in try acc * row }, x, initializer: ones(shape: [3])),
            ]
        }
    }

    @Test func foldrCountsDown() throws {
        try expectTFGraph("foldr") { x in
            [
                try foldr({ acc, row in try acc + row }, x),
                try foldr({ acc, row in try acc * 0.5 + row }, x, initializer: zeros(shape: [3])),
            ]
        }
    }
}
