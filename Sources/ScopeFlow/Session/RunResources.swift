/// The stacks and `TensorArray`s one run creates (TF's per-step resource container): made by
/// `StackV2` / `TensorArrayV3` when they run, reached through the handle those ops output, gone
/// when the run ends. A handle in a slot is an int64 scalar: the resource's index times two, plus
/// one for a `TensorArray`, so an op handed the wrong kind of handle fails clearly.
struct RunResources {
    private struct Stack {
        let name: String
        let maxSize: Int
        var elements: [HostTensor] = []
    }

    private struct TensorArray {
        let name: String
        let dtype: DType
        var elements: [HostTensor?]
        var read: [Bool]
        let dynamicSize: Bool
        let clearAfterRead: Bool
        /// What TF knows of every element's shape (`element_shape`, refined by the first write
        /// when the array has identical element shapes).
        var elementShape: Shape
        /// Whether all elements have one shape (`identical_element_shapes`).
        let identicalElementShapes: Bool
        /// A gradient array sums writes to one index instead of refusing the second.
        let aggregatesWrites: Bool
        /// The gradient arrays made from this one, by `source`.
        var gradients: [String: Int] = [:]
    }

    private var stacks: [Stack] = []
    private var arrays: [TensorArray] = []

    /// Runs resource op `op` (a stack or `TensorArray` op) on `arguments`.
    mutating func run(_ op: Operation, _ arguments: [HostTensor]) throws -> [HostTensor] {
        let context = KernelContext(opType: op.type, opName: op.name, attrs: op.attrs)
        switch op.type {
        case "StackV2":
            let maxSize = Int(try scalarInt(arguments[0], "max_size", op))
            stacks.append(Stack(name: op.attrs["stack_name"]?.stringValue ?? op.name, maxSize: maxSize))
            return [Self.handle(stacks.count - 1, isArray: false)]
        case "StackPushV2":
            let index = try stackIndex(arguments[0], op)
            if stacks[index].maxSize >= 0, stacks[index].elements.count >= stacks[index].maxSize {
                throw error(op, "Stack[\(stacks[index].name)] overflowed its max_size (\(stacks[index].maxSize))")
            }
            stacks[index].elements.append(arguments[1])
            return [arguments[1]]
        case "StackPopV2":
            let index = try stackIndex(arguments[0], op)
            guard let value = stacks[index].elements.popLast() else {
                throw error(op, "Stack[\(stacks[index].name)] is empty.")
            }
            return [value]
        case "StackCloseV2":
            _ = try stackIndex(arguments[0], op)
            return []
        case "TensorArrayV3":
            return try createArray(op, size: arguments[0])
        case "TensorArrayWriteV3":
            let index = try arrayIndex(arguments[0], op)
            try write(arguments[2], at: Int(try scalarInt(arguments[1], "index", op)), of: index, op, context)
            return [Self.flow]
        case "TensorArrayScatterV3":
            let index = try arrayIndex(arguments[0], op)
            let positions = try indices(arguments[1], op)
            let rows = try unpackKernel(KernelContext(opType: "Unpack", opName: op.name, attrs: ["axis": .int(0)]))(
                [arguments[2]])
            guard rows.count == positions.count else {
                throw error(
                    op, "Expected len(indices) == values.shape[0], but saw: \(positions.count) vs. \(rows.count)")
            }
            for (position, row) in zip(positions, rows) { try write(row, at: position, of: index, op, context) }
            return [Self.flow]
        case "TensorArraySplitV3":
            let index = try arrayIndex(arguments[0], op)
            let lengths = try indices(arguments[2], op)
            let parts = try splitVKernel(
                KernelContext(opType: "SplitV", opName: op.name, attrs: ["num_split": .int(lengths.count)]))(
                    [arguments[1], arguments[2], HostTensor(scalar: Int32(0))])
            for (position, part) in parts.enumerated() { try write(part, at: position, of: index, op, context) }
            return [Self.flow]
        case "TensorArrayReadV3":
            let index = try arrayIndex(arguments[0], op)
            return [try read(at: Int(try scalarInt(arguments[1], "index", op)), of: index, op)]
        case "TensorArrayGatherV3":
            let index = try arrayIndex(arguments[0], op)
            return [try stacked(try indices(arguments[1], op), of: index, op)]
        case "TensorArrayConcatV3":
            let index = try arrayIndex(arguments[0], op)
            let values = try (0..<arrays[index].elements.count).map { try read(at: $0, of: index, op) }
            let lengths = HostTensor(values.map { Int64($0.shape.first ?? 0) })
            guard !values.isEmpty else {
                let rest = (op.attrs["element_shape_except0"]?.shapeValue?.knownDims) ?? []
                return [try zeros(arrays[index].dtype, [0] + rest), lengths]
            }
            var inputs = values
            inputs.append(HostTensor(scalar: Int32(0)))
            let concatenated = try concatKernel(
                KernelContext(opType: "ConcatV2", opName: op.name, attrs: ["N": .int(values.count)]))(&inputs)
            return [concatenated, lengths]
        case "TensorArraySizeV3":
            let index = try arrayIndex(arguments[0], op)
            return [HostTensor(scalar: Int32(arrays[index].elements.count))]
        case "TensorArrayCloseV3":
            _ = try arrayIndex(arguments[0], op)
            return []
        case "TensorArrayGradV3":
            let index = try arrayIndex(arguments[0], op)
            return [try gradientArray(of: index, source: op.attrs["source"]?.stringValue ?? "", op), Self.flow]
        default:
            throw ScopeFlowError(
                .unimplemented, "Op '\(op.name)' (\(op.type)) is not a resource op ScopeFlow runs.",
                names: [op.name])
        }
    }

    /// The flow value every `TensorArray` op passes on (TF's is a float scalar that only orders ops).
    private static let flow = HostTensor(scalar: Float(0))

    private static func handle(_ index: Int, isArray: Bool) -> HostTensor {
        HostTensor(scalar: Int64(index * 2 + (isArray ? 1 : 0)))
    }

    private mutating func createArray(_ op: Operation, size: HostTensor) throws -> [HostTensor] {
        let count = Int(try scalarInt(size, "size", op))
        guard count >= 0 else { throw error(op, "Size should be >= 0, got \(count)") }
        let dtype = op.attrs["dtype"]?.typeValue ?? .float32
        arrays.append(
            TensorArray(
                name: op.attrs["tensor_array_name"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? op.name,
                dtype: dtype, elements: Array(repeating: nil, count: count),
                read: Array(repeating: false, count: count),
                dynamicSize: op.attrs["dynamic_size"]?.boolValue ?? false,
                clearAfterRead: op.attrs["clear_after_read"]?.boolValue ?? true,
                elementShape: op.attrs["element_shape"]?.shapeValue ?? .unknown,
                identicalElementShapes: op.attrs["identical_element_shapes"]?.boolValue ?? false,
                aggregatesWrites: false))
        return [Self.handle(arrays.count - 1, isArray: true), Self.flow]
    }

    private mutating func gradientArray(of index: Int, source: String, _ op: Operation) throws -> HostTensor {
        if let existing = arrays[index].gradients[source] { return Self.handle(existing, isArray: true) }
        let forward = arrays[index]
        arrays.append(
            TensorArray(
                name: forward.name + "@" + source, dtype: forward.dtype,
                elements: Array(repeating: nil, count: forward.elements.count),
                read: Array(repeating: false, count: forward.elements.count), dynamicSize: false,
                clearAfterRead: true, elementShape: forward.elementShape,
                identicalElementShapes: forward.identicalElementShapes, aggregatesWrites: true))
        arrays[index].gradients[source] = arrays.count - 1
        return Self.handle(arrays.count - 1, isArray: true)
    }

    private mutating func write(
        _ value: HostTensor, at position: Int, of index: Int, _ op: Operation, _ context: KernelContext
    ) throws {
        let array = arrays[index]
        guard value.dtype == array.dtype else {
            throw error(
                op,
                "TensorArray dtype is \(array.dtype.kernelName) but Op is trying to write dtype "
                    + "\(value.dtype.kernelName).")
        }
        guard position >= 0 else { throw error(op, "Tried to write to index \(position) but it is negative.") }
        if position >= array.elements.count {
            guard array.dynamicSize else {
                throw error(
                    op,
                    "Tried to write to index \(position) but array is not resizeable and size is: "
                        + "\(array.elements.count)")
            }
            let grown = position + 1 - array.elements.count
            arrays[index].elements += Array(repeating: nil, count: grown)
            arrays[index].read += Array(repeating: false, count: grown)
        }
        if !array.elementShape.isCompatible(with: Shape(known: value.shape)) {
            throw error(
                op,
                "Could not write to TensorArray index \(position) because the value shape is "
                    + "\(Shape(known: value.shape).bracketed) which is incompatible with the TensorArray's inferred "
                    + "element shape: \(array.elementShape.bracketed) (consider setting infer_shape=False).")
        }
        if array.identicalElementShapes, !array.elementShape.isFullyDefined {
            arrays[index].elementShape = Shape(known: value.shape)
        }
        if let existing = arrays[index].elements[position] {
            guard array.aggregatesWrites else {
                throw error(
                    op, "Could not write to TensorArray index \(position) because it has already been written to.")
            }
            var summed = [existing, value]
            arrays[index].elements[position] = try NaryOps.addN(context)(&summed)
        } else {
            arrays[index].elements[position] = value
        }
    }

    private mutating func read(at position: Int, of index: Int, _ op: Operation) throws -> HostTensor {
        let array = arrays[index]
        guard position >= 0, position < array.elements.count else {
            throw error(
                op, "Tried to read from index \(position) but array size is: \(array.elements.count)")
        }
        if array.read[position], array.clearAfterRead, array.elements[position] == nil {
            throw error(
                op,
                "Could not read index \(position) twice because it was cleared after a previous read "
                    + "(perhaps try setting clear_after_read = false?).")
        }
        guard let value = array.elements[position] else {
            // TF returns zeros for an element never written when its shape is fully known
            // (gradients of elements that did not contribute).
            guard let shape = array.elementShape.knownDims else {
                throw error(
                    op,
                    "Could not read from TensorArray index \(position).  Furthermore, the element shape is not "
                        + "fully defined: \(array.elementShape.bracketed).  It is possible you are working with a "
                        + "resizeable TensorArray and stop_gradients is not allowing the gradients to be written.  "
                        + "If you set the full element_shape property on the forward TensorArray, the proper "
                        + "all-zeros tensor will be returned instead of incurring this error.")
            }
            return try zeros(array.dtype, shape)
        }
        arrays[index].read[position] = true
        if array.clearAfterRead { arrays[index].elements[position] = nil }
        return value
    }

    private mutating func stacked(_ positions: [Int], of index: Int, _ op: Operation) throws -> HostTensor {
        let values = try positions.map { try read(at: $0, of: index, op) }
        guard let first = values.first else {
            guard let shape = arrays[index].elementShape.knownDims ?? op.attrs["element_shape"]?.shapeValue?.knownDims
            else {
                throw error(
                    op,
                    "TensorArray has size zero, but element shape \(arrays[index].elementShape.bracketed) is not "
                        + "fully defined. Currently only static shapes are supported when packing zero-size "
                        + "TensorArrays.")
            }
            return try zeros(arrays[index].dtype, [0] + shape)
        }
        for (position, value) in values.enumerated() where value.shape != first.shape {
            throw error(
                op,
                "TensorArray has inconsistent shapes.  Index 0 has shape: \(Shape(known: first.shape).bracketed) but "
                    + "index \(position) has shape: \(Shape(known: value.shape).bracketed)")
        }
        return try packKernel(
            KernelContext(opType: "Pack", opName: op.name, attrs: ["N": .int(values.count), "axis": .int(0)]))(
                values)[0]
    }

    private func zeros(_ dtype: DType, _ shape: [Int]) throws -> HostTensor {
        let zero = try HostTensor(scalar: Float(0)).converted(to: dtype)
        return try fillKernel(KernelContext(opType: "Fill", opName: "zeros", attrs: [:]))(
            [HostTensor(shape.map { Int64($0) }), zero])[0]
    }

    private func stackIndex(_ handle: HostTensor, _ op: Operation) throws -> Int {
        let code = try handleCode(handle, op)
        guard code % 2 == 0, code / 2 < stacks.count else { throw wrongHandle(op, "a stack") }
        return code / 2
    }

    private func arrayIndex(_ handle: HostTensor, _ op: Operation) throws -> Int {
        let code = try handleCode(handle, op)
        guard code % 2 == 1, code / 2 < arrays.count else { throw wrongHandle(op, "a TensorArray") }
        return code / 2
    }

    private func handleCode(_ handle: HostTensor, _ op: Operation) throws -> Int {
        guard let code = handle.int64s, code.count == 1, code[0] >= 0 else { throw wrongHandle(op, "a resource") }
        return Int(code[0])
    }

    private func indices(_ tensor: HostTensor, _ op: Operation) throws -> [Int] {
        if let values = tensor.int32s { return values.map(Int.init) }
        if let values = tensor.int64s { return values.map(Int.init) }
        throw error(op, "indices must be int32 or int64, got \(tensor.dtype)")
    }

    private func scalarInt(_ tensor: HostTensor, _ argument: String, _ op: Operation) throws -> Int64 {
        guard tensor.count == 1, let value = tensor.int32s.map({ Int64($0[0]) }) ?? tensor.int64s?.first else {
            throw error(
                op, "\(argument) must be an int32 scalar, got a \(tensor.dtype) tensor of shape \(tensor.shape)")
        }
        return value
    }

    private func wrongHandle(_ op: Operation, _ kind: String) -> ScopeFlowError {
        error(op, "its handle input is not \(kind) created in this run; pass the handle output of the op that made it")
    }

    private func error(_ op: Operation, _ message: String) -> ScopeFlowError {
        ScopeFlowError(.invalidArgument, "\(op.type) '\(op.name)': \(message)", names: [op.name])
    }
}
