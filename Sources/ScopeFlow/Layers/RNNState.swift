/// A state an ``RNNCell`` carries from one step to the next, as a flat list of tensors (TF's
/// `nest.flatten` of the state): how ``dynamicRNN(_:_:sequenceLength:initialState:dtype:parallelIterations:swapMemory:timeMajor:scope:file:line:)-(_,_,_,_,_,_,_,_,String?,_,_)``
/// passes a nested state through its while loop and rebuilds it inside.
///
/// ```swift
/// let state = LSTMStateTuple(c: c, h: h)
/// state.flattened                                           // [c, h]
/// let same = try state.packing(state.flattened)
/// ```
public protocol RNNState: Sendable {
    /// The state's tensors, in TF's `nest.flatten` order.
    var flattened: [Tensor] { get }
    /// A state of this one's structure made of `tensors`, listed as ``flattened`` lists them (TF's
    /// `nest.pack_sequence_as(self, tensors)`).
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `tensors` has another count.
    func packing(_ tensors: [Tensor]) throws -> Self
}

extension Tensor: RNNState {
    /// The tensor itself.
    public var flattened: [Tensor] { [self] }

    /// The only tensor of `tensors`.
    public func packing(_ tensors: [Tensor]) throws -> Tensor {
        try requireStateParts(tensors, count: 1, of: "a Tensor state")[0]
    }
}

extension LSTMStateTuple: RNNState {
    /// `[c, h]`, TF's order for an `LSTMStateTuple`.
    public var flattened: [Tensor] { [c, h] }

    /// The state `(c: tensors[0], h: tensors[1])`.
    public func packing(_ tensors: [Tensor]) throws -> LSTMStateTuple {
        let parts = try requireStateParts(tensors, count: 2, of: "an LSTMStateTuple")
        return LSTMStateTuple(c: parts[0], h: parts[1])
    }
}

/// The state of a ``MultiRNNCell``: one state per layer, in order (TF's tuple of states).
extension Array: RNNState where Element: RNNState {
    /// Every layer's tensors, the first layer's first.
    public var flattened: [Tensor] { flatMap(\.flattened) }

    /// Each layer's state rebuilt from as many of `tensors` as it flattens to.
    public func packing(_ tensors: [Tensor]) throws -> [Element] {
        _ = try requireStateParts(tensors, count: flattened.count, of: "a state of \(count) layers")
        var rest = tensors[...]
        return try map { layer in
            let count = layer.flattened.count
            defer { rest = rest.dropFirst(count) }
            return try layer.packing([Tensor](rest.prefix(count)))
        }
    }
}

/// `tensors`, checked to be the `count` parts of a state.
private func requireStateParts(_ tensors: [Tensor], count: Int, of kind: String) throws -> [Tensor] {
    guard tensors.count == count else {
        throw ScopeFlowError(
            .invalidArgument,
            "\(kind) is made of \(count) tensors, not \(tensors.count) (\(tensors.map(\.name).joined(separator: ", "))); "
                + "pass the tensors its flattened property lists.",
            names: tensors.map(\.name))
    }
    return tensors
}
