/// Rectangular blocks of host tensors: cutting one out and putting a whole together from blocks,
/// as checkpoints store partitioned variables.
extension HostTensor {
    /// The block of `shape` starting at `start` (one index per axis), which must lie inside.
    func block(at start: [Int], shape: [Int]) throws -> HostTensor {
        let storage = try storage.accept(BlockCopy(shape: shape, mode: .extract(from: self.shape, start: start)))
        return HostTensor(uncheckedStorage: storage, shape: shape)
    }

    /// The tensor of `shape` made of `blocks`, each placed at its start. The caller checks that
    /// the blocks lie inside, share `dtype` and cover every element once.
    static func assembled(
        shape: [Int], dtype: DType, blocks: [(start: [Int], value: HostTensor)]
    ) throws -> HostTensor {
        guard let first = blocks.first else { return HostTensor(uncheckedStorage: .zeros(dtype), shape: shape) }
        let storage = try first.value.storage.accept(BlockCopy(shape: shape, mode: .assemble(blocks)))
        return HostTensor(uncheckedStorage: storage, shape: shape)
    }
}

extension HostTensor.Storage {
    /// An empty storage of `dtype` (a tensor with no elements).
    fileprivate static func zeros(_ dtype: DType) -> Self {
        switch dtype {
        case .float16: .float16([])
        case .float32: .float32([])
        case .float64: .float64([])
        case .int32: .int32([])
        case .int64: .int64([])
        case .bool: .bool([])
        case .string, .resource: .string([])
        }
    }
}

/// Copies row-major blocks between tensors, one innermost run at a time.
private struct BlockCopy: StorageVisitor {
    enum Mode {
        case extract(from: [Int], start: [Int])
        case assemble([(start: [Int], value: HostTensor)])
    }

    /// The result's shape.
    let shape: [Int]
    let mode: Mode

    func visit<T: HostScalar>(_ values: [T]) -> HostTensor.Storage {
        switch mode {
        case .extract(let wholeShape, let start):
            var result: [T] = []
            result.reserveCapacity(shape.reduce(1, *))
            Self.forEachRun(of: shape, at: start, in: wholeShape) { wholeOffset, _, count in
                result += values[wholeOffset..<(wholeOffset + count)]
            }
            return T.storage(result)
        case .assemble(let blocks):
            let count = shape.reduce(1, *)
            guard count > 0, let filler = values.first else { return T.storage([]) }
            var result = [T](repeating: filler, count: count)
            for block in blocks {
                let part = T.values(in: block.value.storage) ?? []
                Self.forEachRun(of: block.value.shape, at: block.start, in: shape) { wholeOffset, blockOffset, run in
                    result[wholeOffset..<(wholeOffset + run)] = part[blockOffset..<(blockOffset + run)]
                }
            }
            return T.storage(result)
        }
    }

    /// Calls `body(offsetInWhole, offsetInBlock, runLength)` for each innermost row of the block
    /// of `blockShape` at `start` inside a tensor of `wholeShape`.
    static func forEachRun(of blockShape: [Int], at start: [Int], in wholeShape: [Int], _ body: (Int, Int, Int) -> Void)
    {
        guard !blockShape.contains(0) else { return }
        guard let run = blockShape.last else {
            body(0, 0, 1)
            return
        }
        var strides = Array(repeating: 1, count: wholeShape.count)
        for axis in wholeShape.indices.dropLast().reversed() {
            strides[axis] = strides[axis + 1] * wholeShape[axis + 1]
        }
        var index = Array(repeating: 0, count: blockShape.count)
        var blockOffset = 0
        while true {
            var wholeOffset = 0
            for axis in index.indices { wholeOffset += (start[axis] + index[axis]) * strides[axis] }
            body(wholeOffset, blockOffset, run)
            blockOffset += run
            // The next row: count up the outer axes.
            var axis = blockShape.count - 2
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < blockShape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}
