/// A state an ``RNNCell`` carries from one step to the next, as a flat list of tensors (TF's
/// `nest.flatten` of the state): how ``dynamicRNN(_:_:sequenceLength:initialState:dtype:parallelIterations:swapMemory:timeMajor:scope:file:line:)-(_,_,_,_,_,_,_,_,String?,_,_)``
/// passes a nested state through its while loop and rebuilds it inside.
///
/// ```swift
/// let state = LSTMStateTuple(c: c, h: h)
/// state.flattened                                           // [c, h]
/// let same = try LSTMStateTuple(flattened: state.flattened)
/// ```
public protocol RNNState: Sendable {
    /// The state's tensors, in TF's `nest.flatten` order.
    var flattened: [Tensor] { get }
    /// The state made of `tensors`, listed as ``flattened`` lists them.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `tensors` has another count.
    init(flattened tensors: [Tensor]) throws
}

extension Tensor: RNNState {
    /// The tensor itself.
    public var flattened: [Tensor] { [self] }

    /// The only tensor of `tensors`.
    public init(flattened tensors: [Tensor]) throws {
        self = try requireStateParts(tensors, count: 1, of: "a Tensor state")[0]
    }
}

extension LSTMStateTuple: RNNState {
    /// `[c, h]`, TF's order for an `LSTMStateTuple`.
    public var flattened: [Tensor] { [c, h] }

    /// The state `(c: tensors[0], h: tensors[1])`.
    public init(flattened tensors: [Tensor]) throws {
        let parts = try requireStateParts(tensors, count: 2, of: "an LSTMStateTuple")
        self.init(c: parts[0], h: parts[1])
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
