/// Reading and writing a ``TensorArray``'s elements, with TF's name scopes and element-shape
/// inference (`_GraphTensorArray` in `tensor_array_ops.py`).
extension TensorArray {
    /// Writes `value` at `index` (TF's `write`): a `TensorArrayWriteV3` in name scope
    /// `TensorArrayWrite`. Returns the array after the write.
    ///
    /// ```swift
    /// let written = try TensorArray(dtype: .float32, size: 2).write(0, x).write(1, y)
    /// ```
    ///
    /// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when `value` does not fit the element shape.
    public func write(
        _ index: Int, _ value: Tensor, name: String? = nil, file: String = #fileID, line: Int = #line
    ) throws -> TensorArray {
        try write(.scalar(index), value, name: name, location: SourceLocation(fileID: file, line: line))
    }

    /// ``write(_:_:name:file:line:)-(Int,_,_,_,_)`` at an int32 scalar `index` computed by the graph.
    public func write(
        _ index: Tensor, _ value: Tensor, name: String? = nil, file: String = #fileID, line: Int = #line
    ) throws -> TensorArray {
        try write(.tensor(index), value, name: name, location: SourceLocation(fileID: file, line: line))
    }

    func write(_ index: IndexInput, _ value: Tensor, name: String?, location: SourceLocation) throws -> TensorArray {
        try nameScope(name, defaultName: "TensorArrayWrite", values: [handle, value]) { _ in
            try checkElementShape(value.shape)
            let flowOut = try tensorArrayWriteV3(
                handle: handle, index: index, value: value, flowIn: flow, name: name, location: location)
            return try withFlow(flowOut)
        }
    }

    /// The element at `index` (TF's `read`): a `TensorArrayReadV3` of the element shape.
    ///
    /// ```swift
    /// let first = try rows.read(0)
    /// ```
    public func read(_ index: Int, name: String? = nil, file: String = #fileID, line: Int = #line) throws -> Tensor {
        try read(.scalar(index), name: name, location: SourceLocation(fileID: file, line: line))
    }

    /// ``read(_:name:file:line:)-(Int,_,_,_)`` at an int32 scalar `index` computed by the graph.
    public func read(_ index: Tensor, name: String? = nil, file: String = #fileID, line: Int = #line) throws -> Tensor {
        try read(.tensor(index), name: name, location: SourceLocation(fileID: file, line: line))
    }

    /// The read, its shape the element shape refined by `shape` (a gradient's, which TF's
    /// `gradients` sets to its input's shape).
    func read(_ index: IndexInput, refining shape: Shape = .unknown, name: String?, location: SourceLocation)
        throws -> Tensor
    {
        try tensorArrayReadV3(
            handle: handle, index: index, flowIn: flow, dtype: dtype, refining: [elementShape, shape], name: name,
            location: location)
    }

    /// The elements at `indices`, stacked (TF's `gather`): a `TensorArrayGatherV3`.
    ///
    /// ```swift
    /// let firstAndThird = try rows.gather([0, 2])
    /// ```
    public func gather(
        _ indices: [Int], name: String? = nil, file: String = #fileID, line: Int = #line
    ) throws -> Tensor {
        try gather(.vector(indices), name: name, location: SourceLocation(fileID: file, line: line))
    }

    /// ``gather(_:name:file:line:)-([Int],_,_,_)`` at an int32 vector of `indices` computed by the graph.
    public func gather(
        _ indices: Tensor, name: String? = nil, file: String = #fileID, line: Int = #line
    ) throws -> Tensor {
        try gather(.tensor(indices), name: name, location: SourceLocation(fileID: file, line: line))
    }

    /// The gather, its shape refined by the element shape, then by `leadingDimension` and `shape`
    /// (a gradient's, which TF's `gradients` sets to its input's shape).
    func gather(
        _ indices: IndexInput, leadingDimension: Int? = nil, refining shape: Shape = .unknown, name: String?,
        location: SourceLocation
    ) throws -> Tensor {
        let element = elementShape
        let known = element.dims == nil ? Shape.unknown : Shape([nil]).concatenating(element)
        let stacked = element.dims == nil ? Shape.unknown : Shape([leadingDimension]).concatenating(element)
        return try tensorArrayGatherV3(
            handle: handle, indices: indices, flowIn: flow, dtype: dtype, elementShape: element,
            refining: [known, stacked, shape], name: name, location: location)
    }

    /// All elements stacked into one tensor (TF's `stack`): a `TensorArrayGatherV3` of
    /// `range(0, size())` in name scope `TensorArrayStack`.
    ///
    /// ```swift
    /// let all = try rows.stack()   // TensorArrayStack/TensorArrayGatherV3
    /// ```
    public func stack(name: String? = nil, file: String = #fileID, line: Int = #line) throws -> Tensor {
        let location = SourceLocation(fileID: file, line: line)
        return try nameScope(name, defaultName: "TensorArrayStack", values: [handle]) { _ in
            let indices = try range(limit: size(file: file, line: line), file: file, line: line)
            let count = dynamicSize ? nil : initialSize?.staticValue
            return try gather(.tensor(indices), leadingDimension: count, name: name, location: location)
        }
    }

    /// All elements joined along their first dimension (TF's `concat`): a `TensorArrayConcatV3`.
    ///
    /// ```swift
    /// let joined = try rows.concat()   // shape (12,) for 4 rows of 3
    /// ```
    public func concat(name: String? = nil, file: String = #fileID, line: Int = #line) throws -> Tensor {
        try concat(name: name, location: SourceLocation(fileID: file, line: line))
    }

    /// The concat, its shape refined by the element shape and then by `shape` (a gradient's,
    /// which TF's `gradients` sets to its input's shape).
    func concat(refining shape: Shape = .unknown, name: String?, location: SourceLocation) throws -> Tensor {
        let element = elementShape
        var refined = Shape.unknown
        if let dims = element.dims {
            let count = dynamicSize ? nil : initialSize?.staticValue
            let first = inferShape ? count.flatMap { n in dims.first.flatMap { $0.map { n * $0 } } } : nil
            refined = Shape([first] + dims.dropFirst())
        }
        let (value, _) = try tensorArrayConcatV3(
            handle: handle, flowIn: flow, dtype: dtype,
            elementShapeExcept0: element.dims.map { Shape(Array($0.dropFirst())) } ?? .unknown,
            refining: [refined, shape], name: name, location: location)
        // TF asks for the size's value here, which builds the size tensor.
        if element.dims != nil, inferShape { _ = try size(file: location.fileID, line: location.line) }
        return value
    }

    /// Writes the rows of `value` as elements `0…` (TF's `unstack`): a scatter to
    /// `range(0, shape(value)[0])` in name scope `TensorArrayUnstack`.
    ///
    /// ```swift
    /// let rows = try TensorArray(dtype: .float32, size: 4).unstack(x)
    /// ```
    public func unstack(
        _ value: Tensor, name: String? = nil, file: String = #fileID, line: Int = #line
    ) throws -> TensorArray {
        try nameScope(name, defaultName: "TensorArrayUnstack", values: [handle, value]) { _ in
            let count = try shape(value, file: file, line: line)[0]
            let indices = try range(limit: count, file: file, line: line)
            return try scatter(.tensor(indices), value, name: name, location: SourceLocation(fileID: file, line: line))
        }
    }

    /// Writes the rows of `value` at `indices` (TF's `scatter`): a `TensorArrayScatterV3` in name
    /// scope `TensorArrayScatter`.
    ///
    /// ```swift
    /// let reordered = try TensorArray(dtype: .float32, size: 4).scatter(indices: [3, 1, 0, 2], value: x)
    /// ```
    public func scatter(
        indices: [Int], value: Tensor, name: String? = nil, file: String = #fileID, line: Int = #line
    ) throws -> TensorArray {
        try scatter(.vector(indices), value, name: name, location: SourceLocation(fileID: file, line: line))
    }

    /// ``scatter(indices:value:name:file:line:)-([Int],_,_,_,_)`` at an int32 vector of `indices`
    /// computed by the graph.
    public func scatter(
        indices: Tensor, value: Tensor, name: String? = nil, file: String = #fileID, line: Int = #line
    ) throws -> TensorArray {
        try scatter(.tensor(indices), value, name: name, location: SourceLocation(fileID: file, line: line))
    }

    func scatter(
        _ indices: IndexInput, _ value: Tensor, name: String?, location: SourceLocation
    ) throws -> TensorArray {
        let graphIndices: [any GraphElement] = if case .tensor(let tensor) = indices { [tensor] } else { [] }
        return try nameScope(name, defaultName: "TensorArrayScatter", values: [handle, value] + graphIndices) { _ in
            try checkElementShape(value.shape.dims.map { Shape(Array($0.dropFirst())) } ?? .unknown)
            let flowOut = try tensorArrayScatterV3(
                handle: handle, indices: indices, value: value, flowIn: flow, name: name, location: location)
            return try withFlow(flowOut)
        }
    }

    /// Cuts `value` along its first dimension into pieces of `lengths` and writes them as
    /// elements `0…` (TF's `split`): a `TensorArraySplitV3` in name scope `TensorArraySplit`, the
    /// lengths cast to int64.
    ///
    /// ```swift
    /// let pieces = try TensorArray(dtype: .float32, size: 2, inferShape: false).split(x, lengths: [1, 3])
    /// ```
    public func split(
        _ value: Tensor, lengths: [Int], name: String? = nil, file: String = #fileID, line: Int = #line
    ) throws -> TensorArray {
        try split(value, .vector(lengths), name: name, location: SourceLocation(fileID: file, line: line))
    }

    /// ``split(_:lengths:name:file:line:)-(_,[Int],_,_,_)`` with `lengths` computed by the graph.
    public func split(
        _ value: Tensor, lengths: Tensor, name: String? = nil, file: String = #fileID, line: Int = #line
    ) throws -> TensorArray {
        try split(value, .tensor(lengths), name: name, location: SourceLocation(fileID: file, line: line))
    }

    func split(_ value: Tensor, _ lengths: IndexInput, name: String?, location: SourceLocation) throws -> TensorArray {
        try nameScope(name, defaultName: "TensorArraySplit", values: [handle, value]) { _ in
            // TF's cast: the numbers become `Cast/x`, cast to int64 by `Cast` unless they are int64.
            let (given, lengths64) = try nameScope(nil, defaultName: "Cast") { scope in
                let given = try lengths.tensor(name: "x")
                let cast =
                    given.dtype == .int64
                    ? given
                    : try ScopeFlow.cast(given, to: .int64, name: scope, file: location.fileID, line: location.line)
                return (given, cast)
            }
            if let dims = value.shape.dims, let known = staticInts(given), let first = known.first,
                known.allSatisfy({ $0 == first })
            {
                try checkElementShape(Shape([first] + dims.dropFirst()))
            }
            let flowOut = try tensorArraySplitV3(
                handle: handle, value: value, lengths: lengths64, flowIn: flow, name: name, location: location)
            return try withFlow(flowOut)
        }
    }

    /// The number of elements (TF's `size`): for an array of fixed size made with a number, a new
    /// `Const`; with a size tensor, that tensor; for a dynamic array, a `TensorArraySizeV3`.
    ///
    /// ```swift
    /// let count = try rows.size()
    /// ```
    public func size(name: String? = nil, file: String = #fileID, line: Int = #line) throws -> Tensor {
        if !dynamicSize, let initialSize {
            switch initialSize {
            case .count(let count):
                return try constant(HostTensor(scalar: Int32(truncatingIfNeeded: count)), file: file, line: line)
            case .tensor(let tensor):
                return tensor
            }
        }
        return try tensorArraySizeV3(
            handle: handle, flowIn: flow, name: name, location: SourceLocation(fileID: file, line: line))
    }

    /// Releases the array (TF's `close`): a `TensorArrayCloseV3`.
    ///
    /// ```swift
    /// let done = try rows.close()
    /// ```
    @discardableResult
    public func close(name: String? = nil, file: String = #fileID, line: Int = #line) throws -> Operation {
        try tensorArrayCloseV3(handle: handle, name: name, location: SourceLocation(fileID: file, line: line))
    }
}
