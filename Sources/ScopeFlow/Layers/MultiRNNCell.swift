import Synchronization

/// Cells stacked in layers (TF's `tf.compat.v1.nn.rnn_cell.MultiRNNCell`, `state_is_tuple`): each
/// step runs the first cell on the inputs, each next cell on the output of the one before, and
/// returns the last cell's output and every cell's new state.
///
/// As TF's, the first call re-enters the variable scope it is called in (a name scope of that
/// scope's last name, `rnn/while/rnn/`) and opens the layer's own scope `multi_rnn_cell`; cell `i`
/// runs in the variable scope `cell_<i>`, so the variables are `rnn/multi_rnn_cell/cell_0/lstm_cell/kernel` ….
///
/// ```swift
/// let cell = MultiRNNCell([LSTMCell(units: 16), LSTMCell(units: 16)])
/// let state = try cell.zeroState(batchSize: 4, dtype: .float32)   // [LSTMStateTuple]
/// let (outputs, last) = try dynamicRNN(cell, x, initialState: state)
/// ```
public final class MultiRNNCell<Cell: RNNCell>: RNNCell {
    /// The cells, first layer first.
    public let cells: [Cell]
    private let build: LayerBuild<Void>
    /// The variable scope of the first call, re-entered by later ones (TF's `rnncell_scope`).
    private let callerScope = Mutex<VariableScope?>(nil)

    /// The cells `cells` stacked, the first one reading the inputs.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` without cells.
    public init(_ cells: [Cell], name: String = "multi_rnn_cell") throws {
        guard !cells.isEmpty else {
            throw ScopeFlowError(.invalidArgument, "Must specify at least one cell for MultiRNNCell.")
        }
        self.cells = cells
        self.build = LayerBuild(baseName: name, reuse: .inherit)
    }

    /// The last cell's output width.
    public var outputSize: Int { cells[cells.count - 1].outputSize }

    /// Each cell's zero state, in the name scope `MultiRNNCellZeroState`.
    public func zeroState(batchSize: Int, dtype: DType) throws -> [Cell.State] {
        try nameScope("MultiRNNCellZeroState") { _ in
            try cells.map { try $0.zeroState(batchSize: batchSize, dtype: dtype) }
        }
    }

    /// Each cell's zero state for a batch size computed by the graph, in the name scope
    /// `MultiRNNCellZeroState`.
    public func zeroState(batchSize: Tensor, dtype: DType) throws -> [Cell.State] {
        try nameScope("MultiRNNCellZeroState") { _ in
            try cells.map { try $0.zeroState(batchSize: batchSize, dtype: dtype) }
        }
    }

    /// Runs every cell in turn; `state` holds one state per cell.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `state` has another number of layers.
    public func callAsFunction(
        _ inputs: Tensor, _ state: [Cell.State]
    ) throws -> (output: Tensor, state: [Cell.State]) {
        guard state.count == cells.count else {
            throw ScopeFlowError(
                .invalidArgument,
                "MultiRNNCell has \(cells.count) cells but the state has \(state.count) layers "
                    + "(\(state.flattened.map(\.name))); pass one state per cell, e.g. its zeroState.",
                names: state.flattened.map(\.name))
        }
        let scope = callerScope.withLock { saved in
            let scope = saved ?? currentVariableScope
            saved = scope
            return scope
        }
        return try variableScope(scope) { _ in
            try build.call(build: {}) { _ in
                var output = inputs
                var states: [Cell.State] = []
                for (index, (cell, cellState)) in zip(cells, state).enumerated() {
                    let step = try variableScope("cell_\(index)") { _ in try cell(output, cellState) }
                    output = step.output
                    states.append(step.state)
                }
                return (output, states)
            }
        }
    }
}
