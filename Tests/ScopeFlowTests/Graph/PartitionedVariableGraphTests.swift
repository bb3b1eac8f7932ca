import Testing

@testable import ScopeFlow

/// The graph of partitioned variables, node for node as TF 2.21 builds it
/// (Scripts/tf-verify/record_partitioned_graph.py prints TF's).
@Suite struct PartitionedVariableGraphTests {
    /// TF's nodes: name, op type, inputs.
    static let tensorFlowNodes: [(String, String, [String])] = [
        ("scope0/name0/part_0/Initializer/random_uniform/shape", "Const", []),
        ("scope0/name0/part_0/Initializer/random_uniform/min", "Const", []),
        ("scope0/name0/part_0/Initializer/random_uniform/max", "Const", []),
        (
            "scope0/name0/part_0/Initializer/random_uniform/RandomUniform", "RandomUniform",
            ["scope0/name0/part_0/Initializer/random_uniform/shape"]
        ),
        (
            "scope0/name0/part_0/Initializer/random_uniform/sub", "Sub",
            [
                "scope0/name0/part_0/Initializer/random_uniform/max",
                "scope0/name0/part_0/Initializer/random_uniform/min",
            ]
        ),
        (
            "scope0/name0/part_0/Initializer/random_uniform/mul", "Mul",
            [
                "scope0/name0/part_0/Initializer/random_uniform/RandomUniform",
                "scope0/name0/part_0/Initializer/random_uniform/sub",
            ]
        ),
        (
            "scope0/name0/part_0/Initializer/random_uniform", "AddV2",
            [
                "scope0/name0/part_0/Initializer/random_uniform/mul",
                "scope0/name0/part_0/Initializer/random_uniform/min",
            ]
        ),
        ("scope0/name0/part_0", "VariableV2", []),
        (
            "scope0/name0/part_0/Assign", "Assign",
            ["scope0/name0/part_0", "scope0/name0/part_0/Initializer/random_uniform"]
        ),
        ("scope0/name0/part_0/read", "Identity", ["scope0/name0/part_0"]),
        ("scope0/name0/part_1/Initializer/random_uniform/shape", "Const", []),
        ("scope0/name0/part_1/Initializer/random_uniform/min", "Const", []),
        ("scope0/name0/part_1/Initializer/random_uniform/max", "Const", []),
        (
            "scope0/name0/part_1/Initializer/random_uniform/RandomUniform", "RandomUniform",
            ["scope0/name0/part_1/Initializer/random_uniform/shape"]
        ),
        (
            "scope0/name0/part_1/Initializer/random_uniform/sub", "Sub",
            [
                "scope0/name0/part_1/Initializer/random_uniform/max",
                "scope0/name0/part_1/Initializer/random_uniform/min",
            ]
        ),
        (
            "scope0/name0/part_1/Initializer/random_uniform/mul", "Mul",
            [
                "scope0/name0/part_1/Initializer/random_uniform/RandomUniform",
                "scope0/name0/part_1/Initializer/random_uniform/sub",
            ]
        ),
        (
            "scope0/name0/part_1/Initializer/random_uniform", "AddV2",
            [
                "scope0/name0/part_1/Initializer/random_uniform/mul",
                "scope0/name0/part_1/Initializer/random_uniform/min",
            ]
        ),
        ("scope0/name0/part_1", "VariableV2", []),
        (
            "scope0/name0/part_1/Assign", "Assign",
            ["scope0/name0/part_1", "scope0/name0/part_1/Initializer/random_uniform"]
        ),
        ("scope0/name0/part_1/read", "Identity", ["scope0/name0/part_1"]),
        ("scope0/Const", "Const", []),
        ("scope0/t/part_0/PartitionedInitializer/Slice/begin", "Const", []),
        ("scope0/t/part_0/PartitionedInitializer/Slice/size", "Const", []),
        (
            "scope0/t/part_0/PartitionedInitializer/Slice", "Slice",
            [
                "scope0/Const", "scope0/t/part_0/PartitionedInitializer/Slice/begin",
                "scope0/t/part_0/PartitionedInitializer/Slice/size",
            ]
        ),
        ("scope0/t/part_0", "VariableV2", []),
        ("scope0/t/part_0/Assign", "Assign", ["scope0/t/part_0", "scope0/t/part_0/PartitionedInitializer/Slice"]),
        ("scope0/t/part_0/read", "Identity", ["scope0/t/part_0"]),
        ("scope0/t/part_1/PartitionedInitializer/Slice/begin", "Const", []),
        ("scope0/t/part_1/PartitionedInitializer/Slice/size", "Const", []),
        (
            "scope0/t/part_1/PartitionedInitializer/Slice", "Slice",
            [
                "scope0/Const", "scope0/t/part_1/PartitionedInitializer/Slice/begin",
                "scope0/t/part_1/PartitionedInitializer/Slice/size",
            ]
        ),
        ("scope0/t/part_1", "VariableV2", []),
        ("scope0/t/part_1/Assign", "Assign", ["scope0/t/part_1", "scope0/t/part_1/PartitionedInitializer/Slice"]),
        ("scope0/t/part_1/read", "Identity", ["scope0/t/part_1"]),
        ("scope0/name0/ConcatPartitions/concat/axis", "Const", []),
        (
            "scope0/name0/ConcatPartitions/concat", "ConcatV2",
            ["scope0/name0/part_0/read", "scope0/name0/part_1/read", "scope0/name0/ConcatPartitions/concat/axis"]
        ),
        ("scope0/name0", "Identity", ["scope0/name0/ConcatPartitions/concat"]),
        ("scope0/name0/ConcatPartitions/concat_1/axis", "Const", []),
        (
            "scope0/name0/ConcatPartitions/concat_1", "ConcatV2",
            ["scope0/name0/part_0/read", "scope0/name0/part_1/read", "scope0/name0/ConcatPartitions/concat_1/axis"]
        ),
        ("scope0/name0_1", "Identity", ["scope0/name0/ConcatPartitions/concat_1"]),
    ]

    @Test func buildsTensorFlowsNodes() throws {
        let graph = Graph()
        try graph.asDefault {
            let into2 = Partitioner { shape, _ in [2] + Array(repeating: 1, count: shape.count - 1) }
            let v = try variableScope("scope0", partitioner: into2) { _ in
                let v = try getPartitionedVariable("name0", shape: [3, 2])
                _ = try getPartitionedVariable("t", initializer: .tensor(constant([Float]([1, 2, 3]))))
                return v
            }
            _ = try v.asTensor()
            _ = try v.asTensor()
        }
        let nodes = graph.operations.map { op in
            (op.name, op.type, op.inputs.map { $0.name.hasSuffix(":0") ? String($0.name.dropLast(2)) : $0.name })
        }
        #expect(nodes.map(\.0) == Self.tensorFlowNodes.map(\.0))
        #expect(nodes.map(\.1) == Self.tensorFlowNodes.map(\.1))
        #expect(nodes.map(\.2) == Self.tensorFlowNodes.map(\.2))
    }

    @Test func partsCarryTheirSliceAndTheWholeReadsBack() throws {
        let graph = Graph()
        let (table, whole) = try graph.asDefault {
            let table = try getPartitionedVariable(
                "table", shape: [5, 2], initializer: .value(try HostTensor((0..<10).map(Float.init), shape: [5, 2])),
                partitioner: fixedSizePartitioner(numShards: 3))
            return (table, try table.asTensor())
        }
        #expect(table.parts.map(\.saveSliceInfo?.spec) == ["5 2 0,2:0,2", "5 2 2,2:0,2", "5 2 4,1:0,2"])
        let session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        #expect(try session.run(whole).floats == (0..<10).map(Float.init))
    }

    @Test func partitionersAnswerAsTensorFlows() throws {
        // TF 2.21: fixed_size_partitioner(4)([3, 2]) is [3, 1]; variable_axis_size_partitioner(96) of
        // a float32 [100, 8] is [34, 1] (3 rows of 32 bytes per shard); min_max_variable_partitioner(
        // max_partitions=8, min_slice_size=1024) of a float32 [1000, 2] is [8, 1], of [100, 2] [1, 1].
        #expect(try fixedSizePartitioner(numShards: 4).partitions(of: "v", shape: [3, 2], dtype: .float32) == [3, 1])
        #expect(
            try variableAxisSizePartitioner(maxShardBytes: 96).partitions(of: "v", shape: [100, 8], dtype: .float32)
                == [34, 1])
        #expect(
            try minMaxVariablePartitioner(maxPartitions: 8, minSliceSize: 1024)
                .partitions(of: "v", shape: [1000, 2], dtype: .float32) == [8, 1])
        #expect(
            try minMaxVariablePartitioner(maxPartitions: 8, minSliceSize: 1024)
                .partitions(of: "v", shape: [100, 2], dtype: .float32) == [1, 1])
        let bad = Partitioner { _, _ in [2, 2] }
        let error = #expect(throws: ScopeFlowError.self) {
            try bad.partitions(of: "v", shape: [4, 4], dtype: .float32)
        }
        #expect(error?.message.hasPrefix("Can only slice a variable along one dimension") == true)
    }
}
