/// `FusedBatchNormV3` and `FusedBatchNormGradV3` in compiled plans: the interpreter's
/// computations (``BatchNormForward``, ``BatchNormGradient``) on arena buffers, their scratch
/// allocated once with the plan. Inputs the interpreter would reject (wrong ranks or channel
/// counts, an empty batch) get no compiled form, so the interpreter reports them.
enum CompiledBatchNorm {
    static func fusedBatchNormV3(_ request: CompiledOpRequest) -> CompiledOp? {
        guard let attributes = try? BatchNormAttributes(request.context), request.inputs.count == 5,
            let x = request.value(0), let (rows, channels) = rowsAndChannels(x), let scale = request.value(1),
            let offset = request.value(2), scale.shape == [channels], offset.shape == [channels],
            request.outputs.count == 6, request.outputs[0].shape == x.shape,
            request.outputs[1...4].allSatisfy({ $0.shape == [channels] }), request.outputs[5].count == 1
        else { return nil }
        let reads = attributes.readsPopulationStatistics
        let mean = request.value(3)
        let variance = request.value(4)
        guard !reads || (mean?.shape == [channels] && variance?.shape == [channels]) else { return nil }
        let forward = BatchNormForward(rows: rows, attributes: attributes)
        let outputs = request.outputs
        return .step { arena, scratch in
            let buffers = BatchNormForward.Buffers(
                x: UnsafePointer(arena[x.buffer]), scale: UnsafePointer(arena[scale.buffer]),
                offset: UnsafePointer(arena[offset.buffer]),
                mean: reads ? mean.map { UnsafePointer(arena[$0.buffer]) } : nil,
                variance: reads ? variance.map { UnsafePointer(arena[$0.buffer]) } : nil,
                y: arena[outputs[0].buffer], batchMean: arena[outputs[1].buffer],
                batchVariance: arena[outputs[2].buffer], savedMean: arena[outputs[3].buffer],
                savedVariance: arena[outputs[4].buffer], factor: scratch.allocate(Float.self, count: channels),
                sums: scratch.allocate(Double.self, count: channels))
            let reserveSpace3 = arena[outputs[5].buffer]
            return {
                forward.run(buffers)
                reserveSpace3.pointee = 0
            }
        }
    }

    static func fusedBatchNormGradV3(_ request: CompiledOpRequest) -> CompiledOp? {
        guard let attributes = try? BatchNormAttributes(request.context), request.inputs.count == 6,
            let dy = request.value(0), let x = request.value(1), dy.shape == x.shape,
            let (rows, channels) = rowsAndChannels(x), request.outputs.count == 5, request.outputs[0].shape == x.shape,
            request.outputs[1...2].allSatisfy({ $0.shape == [channels] })
        else { return nil }
        let parameters = (2...4).compactMap { request.value($0) }.filter { $0.shape == [channels] }
        guard parameters.count == 3 else { return nil }
        let gradient = BatchNormGradient(rows: rows, attributes: attributes)
        let outputs = request.outputs
        return .step { arena, scratch in
            let buffers = BatchNormGradient.Buffers(
                dy: UnsafePointer(arena[dy.buffer]), x: UnsafePointer(arena[x.buffer]),
                scale: UnsafePointer(arena[parameters[0].buffer]), mean: UnsafePointer(arena[parameters[1].buffer]),
                variance: UnsafePointer(arena[parameters[2].buffer]), dx: arena[outputs[0].buffer],
                dScale: arena[outputs[1].buffer], dOffset: arena[outputs[2].buffer],
                coefficients: scratch.allocate(Float.self, count: 3 * channels),
                sums: scratch.allocate(Double.self, count: 2 * channels))
            return { gradient.run(buffers) }
        }
    }

    /// The rows and channels of a rank-4 NHWC value with at least one of each.
    private static func rowsAndChannels(_ value: ArenaValue) -> (BatchNormRows, Int)? {
        guard value.shape.count == 4, value.count > 0 else { return nil }
        let channels = value.shape[3]
        return (BatchNormRows(rows: value.count / channels, channels: channels), channels)
    }
}
