import Testing

@testable import ScopeFlow

/// The index-driven ops (`topK`, `gatherNd`, `scatterNd`, `tensorScatterUpdate`, `where`, `booleanMask`,
/// `dynamicStitch`, `dynamicPartition`) refuse bad input with a clear error, at build time where
/// the shapes show it and in the kernel for values fed when the graph runs; the oracle cases
/// (`ops_added.json`) cover their values and gradients.
@Suite struct IndexingOpsTests {
    @Test func topKRefusesAKLargerThanTheRowOrNegative() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [2, 4], name: "x")
            let wide = #expect(throws: ScopeFlowError.self) { try topK(x, k: 5) }
            #expect(wide?.code == .invalidArgument)
            #expect(wide?.message.contains("last dimension >= k = 5 but is 4") == true)
            let scalar = #expect(throws: ScopeFlowError.self) { try topK(constant(Float(1)), k: 1) }
            #expect(scalar?.message.contains("at least rank 1") == true)
        }
        let graph = Graph()
        let (top, x, k) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 4], name: "x")
            let k = try placeholder(.int32, shape: [], name: "k")
            return (try topK(x, k: k), x, k)
        }
        let session = Session(graph: graph)
        let rows = try HostTensor([Float(1), 5, 3, 5, -1, -2, 0, 7], shape: [2, 4])
        let picked = try session.run([top.values, top.indices], feeds: [x: rows, k: HostTensor(scalar: Int32(2))])
        #expect(picked[0].floats == [5, 5, 7, 0])
        #expect(picked[1].int32s == [1, 3, 3, 2])
        let wide = #expect(throws: ScopeFlowError.self) {
            try session.run([top.values], feeds: [x: rows, k: HostTensor(scalar: Int32(5))])
        }
        #expect(wide?.message.contains("input must have at least k columns. Had 4, needed 5") == true)
        let negative = #expect(throws: ScopeFlowError.self) {
            try session.run([top.values], feeds: [x: rows, k: HostTensor(scalar: Int32(-1))])
        }
        #expect(negative?.message.contains("Need k >= 0, got -1") == true)
    }

    @Test func indexTuplesOutsideTheTensorAreRefusedBeforeIndexing() throws {
        let graph = Graph()
        let (gathered, scattered, updated, indices) = try graph.asDefault {
            let params = try constant([Float(1), 2, 3, 4, 5, 6], shape: [3, 2])
            let indices = try placeholder(.int64, shape: [2, 2], name: "indices")
            return (
                try gatherNd(params, indices: indices),
                try scatterNd(indices: indices, updates: constant([Float(1), 2]), shape: [3, 2]),
                try tensorScatterUpdate(params, indices: indices, updates: constant([Float(7), 8])),
                indices
            )
        }
        let session = Session(graph: graph)
        let inside = try HostTensor([Int64(2), 1, 0, 0], shape: [2, 2])
        let values = try session.run([gathered, scattered, updated], feeds: [indices: inside])
        #expect(values[0].floats == [6, 1])
        #expect(values[1].floats == [2, 0, 0, 0, 0, 1])
        #expect(values[2].floats == [8, 2, 3, 4, 5, 7])
        let outside = try HostTensor([Int64(0), 0, 3, 1], shape: [2, 2])
        for output in [gathered, scattered, updated] {
            let error = #expect(throws: ScopeFlowError.self) { try session.run(output, feeds: [indices: outside]) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains("indices[1] = [3, 1] does not index into") == true)
        }
    }

    @Test func indexTuplesLongerThanTheRankOrMismatchedUpdatesAreRefusedAtBuildTime() throws {
        try Graph().asDefault {
            let params = try placeholder(.float32, shape: [3, 2], name: "params")
            let long = try placeholder(.int32, shape: [4, 3], name: "long")
            let tooLong = #expect(throws: ScopeFlowError.self) { try gatherNd(params, indices: long) }
            #expect(
                tooLong?.message.contains("index innermost dimension length must be <= params rank; saw: 3 vs. 2")
                    == true)
            let rows = try placeholder(.int32, shape: [4, 1], name: "rows")
            let updates = try placeholder(.float32, shape: [4, 3], name: "updates")
            let mismatch = #expect(throws: ScopeFlowError.self) {
                try scatterNd(indices: rows, updates: updates, shape: [5, 2])
            }
            #expect(mismatch?.code == .shapeMismatch)
        }
    }

    @Test func partitionsOutsideTheCountAndNegativeStitchIndicesAreRefused() throws {
        let graph = Graph()
        let (parts, stitched, partitions, position) = try graph.asDefault {
            let data = try constant([Float(1), 2, 3], shape: [3])
            let partitions = try placeholder(.int32, shape: [3], name: "partitions")
            let position = try placeholder(.int32, shape: [1], name: "position")
            let stitched = try dynamicStitch(
                indices: [constant([Int32(0), 2]), position],
                data: [
                    constant([Float(10), 20]), constant([Float(30)]),
                ])
            return (
                try dynamicPartition(data, partitions: partitions, numPartitions: 2), stitched, partitions, position
            )
        }
        let session = Session(graph: graph)
        let split = try session.run(parts, feeds: [partitions: HostTensor([Int32(1), 0, 1], shape: [3])])
        #expect(split.map(\.floats) == [[2], [1, 3]])
        let outside = #expect(throws: ScopeFlowError.self) {
            try session.run(parts, feeds: [partitions: HostTensor([Int32(1), 2, 0], shape: [3])])
        }
        #expect(outside?.message.contains("partitions[1] = 2 is not in [0, 2)") == true)
        // A later index wins, a row no index names is 0.
        let merged = try session.run(stitched, feeds: [position: HostTensor([Int32(4)], shape: [1])])
        #expect(merged.floats == [10, 0, 20, 0, 30])
        let negative = #expect(throws: ScopeFlowError.self) {
            try session.run(stitched, feeds: [position: HostTensor([Int32(-1)], shape: [1])])
        }
        #expect(negative?.message.contains("must not be negative") == true)
    }

    @Test func whereListsNonZeroCoordinatesAndBooleanMaskChecksItsMask() throws {
        let graph = Graph()
        let coordinates = try graph.asDefault {
            try `where`(constant([Int32(0), 2, 3, 0], shape: [2, 2]))
        }
        let found = try Session(graph: graph).run(coordinates)
        #expect(found.shape == [2, 2] && found.int64s == [0, 1, 1, 0])
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [3, 2], name: "x")
            let scalar = #expect(throws: ScopeFlowError.self) { try booleanMask(x, mask: constant([true], shape: [])) }
            #expect(scalar?.message.contains("mask of known rank 1 or more") == true)
            let wrong = #expect(throws: ScopeFlowError.self) { try booleanMask(x, mask: constant([true, false])) }
            #expect(wrong?.code == .shapeMismatch)
        }
    }

    /// Imported graphs name only the inputs and attributes TF wrote: `rawOp` fills TF's defaults.
    @Test func rawOpsBuildWithTFsDefaults() throws {
        let graph = Graph()
        let (top, parts) = try graph.asDefault {
            let x = try constant([Float(3), 1, 2], shape: [1, 3])
            let top = try rawOp("TopKV2", inputs: [x, constant(HostTensor(scalar: Int32(2)))])
            let parts = try rawOp(
                "DynamicPartition", inputs: [constant([Float(1), 2]), constant([Int32(0), 0])],
                attrs: ["num_partitions": .int(2)])
            return (top, parts)
        }
        #expect(top.attrs["sorted"]?.boolValue == true && top.output(1).dtype == .int32)
        let values = try Session(graph: graph).run([top.output(0), top.output(1), parts.output(0), parts.output(1)])
        #expect(values[0].floats == [3, 2] && values[1].int32s == [0, 2])
        #expect(values[2].floats == [1, 2] && values[3].shape == [0])
    }

    /// A float-only plan whose index ops take constant indices runs compiled, as copy plans.
    @Test func indexOpsWithConstantIndicesRunCompiled() throws {
        let graph = Graph()
        let (outputs, x) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            let pairs = try constant([Int32(1), 2, 0, 0], shape: [2, 2])
            let outputs =
                [
                    try gatherNd(x, indices: pairs),
                    try tensorScatterUpdate(x, indices: pairs, updates: constant([Float(-1), -2])),
                    try dynamicStitch(indices: [constant([Int32(2), 0])], data: [x]),
                ] + (try dynamicPartition(x, partitions: constant([Int32(1), 0]), numPartitions: 2))
            return (outputs, x)
        }
        let session = Session(graph: graph)
        let feeds = [x: try HostTensor([Float(1), 2, 3, 4, 5, 6], shape: [2, 3])]
        for _ in 0..<2 {
            let values = try session.run(outputs, feeds: feeds)
            #expect(values[0].floats == [6, 1])
            #expect(values[1].floats == [-2, 2, 3, 4, 5, -1])
            #expect(values[2].floats == [4, 5, 6, 0, 0, 0, 1, 2, 3])
            #expect(values[3].floats == [4, 5, 6] && values[4].floats == [1, 2, 3])
        }
        let report = try #require(session.planReports().first)
        #expect(report.compiledSteps != nil, "\(report.interpretedBecause ?? "")")
    }

    /// A mask over rows of unknown count (a placeholder's batch dimension) still differentiates:
    /// the gradient of the mask's `GatherV2` needs only the rank.
    @Test func booleanMaskOfAnUnknownBatchDifferentiates() throws {
        let graph = Graph()
        let (grad, x, mask) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [nil, 2], name: "x")
            let mask = try placeholder(.bool, shape: [nil], name: "mask")
            let loss = try reduceSum(square(booleanMask(x, mask: mask)))
            return (try #require(try gradients([loss], [x])[0]), x, mask)
        }
        let feeds = [
            x: try HostTensor([Float(1), 2, 3, 4, 5, 6], shape: [3, 2]),
            mask: try HostTensor([true, false, true], shape: [3]),
        ]
        #expect(try Session(graph: graph).run(grad, feeds: feeds).floats == [2, 4, 0, 0, 10, 12])
    }

    /// A partition no row goes to is an empty output, compiled or not.
    @Test func anEmptyPartitionRunsTwice() throws {
        let graph = Graph()
        let (parts, x) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 2], name: "x")
            return (try dynamicPartition(x, partitions: constant([Int32(1), 1]), numPartitions: 2), x)
        }
        let session = Session(graph: graph)
        for _ in 0..<2 {
            let values = try session.run(parts, feeds: [x: try HostTensor([Float(1), 2, 3, 4], shape: [2, 2])])
            #expect(values[0].shape == [0, 2] && values[1].floats == [1, 2, 3, 4])
        }
    }
}
