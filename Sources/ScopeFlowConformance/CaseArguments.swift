import ScopeFlow

/// Converts the argument forms of SPEC.md §3 to ScopeFlow values.
extension CaseRunner {
    func dtypeSpec(_ value: JSONValue) throws -> DType {
        guard let name = value.stringValue, let dtype = DType(rawValue: name), dtype != .string else {
            throw CaseFileError(description: "unknown dtype \(value.serialized)")
        }
        return dtype
    }

    /// A shape array (`null` dims unknown); `null` itself means no shape.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a dimension that is negative or not
    ///   an integer, or more than 254 dimensions, as TensorFlow's `TensorShape` rejects them.
    func shapeSpec(_ value: JSONValue) throws -> Shape? {
        if value.isNull { return nil }
        guard let dims = value.arrayValue else { throw CaseFileError(description: "bad shape \(value.serialized)") }
        guard dims.count <= 254 else {
            throw ScopeFlowError(.invalidArgument, "A shape has \(dims.count) dimensions; TensorFlow allows at most 254.")
        }
        return Shape(try dims.map { dim -> Int? in
            if dim.isNull { return nil }
            guard let size = dim.numberValue.flatMap({ Int(exactly: $0) }), size >= 0 else {
                throw ScopeFlowError(
                    .invalidArgument, "Dimension \(dim.serialized) in shape \(value.serialized) must be an integer >= 0.")
            }
            return size
        })
    }

    /// An integer attr or list item: a JSON number that is a whole number in `Int`'s range.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` for any other value.
    func integer(_ value: JSONValue, attr: String) throws -> Int {
        guard let number = value.numberValue.flatMap({ Int(exactly: $0) }) else {
            throw ScopeFlowError(.invalidArgument, "Attr '\(attr)' has \(value.serialized), which is not an integer.")
        }
        return number
    }

    func collectionKey(_ value: JSONValue?) throws -> String {
        guard let name = value?.stringValue else { throw CaseFileError(description: "collection needs a name") }
        switch name {
        case "global_variables": return GraphKeys.globalVariables
        case "trainable_variables": return GraphKeys.trainableVariables
        case "local_variables": return GraphKeys.localVariables
        default: return name
        }
    }

    func initializerSpec(_ value: JSONValue) throws -> Initializer {
        switch value {
        case .string("zeros"): return .zeros
        case .string("ones"): return .ones
        default: break
        }
        if let constant = value["constant"] {
            if let number = constant.numberValue { return .constant(number) }
            if let items = constant.arrayValue { return .constant(items.compactMap(\.numberValue)) }
        }
        if let literalValue = value["value"] {
            let dtype = try value["dtype"].map(dtypeSpec) ?? .float32
            return .value(try literal(literalValue, dtype: dtype))
        }
        if let ref = value["tensor"] {
            return .tensor(try graphElement(ref))
        }
        throw CaseFileError(description: "bad initializer \(value.serialized)")
    }

    /// A number, bool or nested list as a tensor of `dtype`.
    func literal(_ value: JSONValue, dtype: DType) throws -> HostTensor {
        var shape: [Int] = []
        var probe = value
        while case .array(let items) = probe {
            shape.append(items.count)
            guard let first = items.first else { break }
            probe = first
        }
        var flat: [JSONValue] = []
        func collect(_ v: JSONValue, depth: Int) throws {
            if case .array(let items) = v {
                guard depth < shape.count, items.count == shape[depth] else {
                    throw CaseFileError(description: "ragged literal \(value.serialized)")
                }
                for item in items { try collect(item, depth: depth + 1) }
            } else {
                flat.append(v)
            }
        }
        try collect(value, depth: 0)
        let tensor: HostTensor
        if flat.allSatisfy({ $0.boolValue != nil }), !flat.isEmpty {
            tensor = try HostTensor(flat.compactMap(\.boolValue), shape: shape)
        } else {
            let numbers = flat.compactMap(\.numberValue)
            guard numbers.count == flat.count else { throw CaseFileError(description: "bad literal \(value.serialized)") }
            tensor = try HostTensor(numbers, shape: shape)
        }
        return try tensor.converted(to: dtype)
    }
}

/// Maps a failure to the closed set of error kinds of SPEC.md §5.
func errorKind(_ error: Error) -> String {
    guard let error = error as? ScopeFlowError else { return "other" }
    // SPEC §5's kinds are a closed set: codes outside it (files, memory, features) are `other`.
    switch error.code {
    case .notFound, .unimplemented, .dataLoss, .resourceExhausted: return "other"
    default: return error.code.rawValue
    }
}
