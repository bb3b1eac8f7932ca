import Synchronization

/// A node of a ``Graph``: an op type, a unique name, inputs, control inputs,
/// attributes and typed outputs.
///
/// Operations are created by op constructors (``add(_:_:name:)``,
/// ``matmul(_:_:transposeA:transposeB:name:)`` …), never directly. Their type, name, attributes
/// and outputs never change. Their wiring may change only while control flow builds them, as in
/// TF: a cond branch or loop body rewires an op's inputs from outside through `Switch` / `Enter`
/// ops and gives an op without inputs a control input on its pivot (see ``ControlFlowContext``).
public final class Operation: Sendable, Hashable, CustomStringConvertible {
    /// TensorFlow's op type (`"MatMul"`).
    public let type: String
    /// The op's unique name in its graph (`"layer/MatMul"`).
    public let name: String
    /// The tensors this op consumes, in order.
    public var inputs: [Tensor] { wiring.withLock { $0.inputs } }
    /// Ops that must run before this one although no data flows from them.
    public var controlInputs: [Operation] { wiring.withLock { $0.controlInputs } }
    /// The cond branch or while loop the op was built in (TF's `op._control_flow_context`),
    /// nil outside control flow.
    var controlFlowContext: (any ControlFlowContext)? { wiring.withLock { $0.controlFlowContext } }
    /// Inputs, control inputs and control-flow context: set at creation, changed only by control
    /// flow while the op is built.
    private let wiring: Mutex<Wiring>
    /// Attributes by TensorFlow attribute name.
    public let attrs: AttrMap
    /// The dtype and static shape of each output (a shape may be refined later by
    /// ``refineShape(ofOutput:to:)``).
    var outputSpecs: [OutputSpec] { wiring.withLock { $0.outputSpecs } }
    /// The position of the op in its graph's creation order.
    public let id: Int
    /// Where in the user's code the op was created.
    public let location: SourceLocation
    /// The device the op was placed on with ``device(_:_:)`` (`/device:CPU:0`), "" for none.
    public let device: String
    /// How the op got its name (requested name, scopes, uniquing).
    public let provenance: NameProvenance
    /// The graph the op belongs to, while it exists. The graph owns its ops, so an op holds it
    /// weakly: a strong reference back would keep every graph alive forever.
    private weak let owner: Graph?
    /// The identity of the op's graph: comparing it checks an op's graph without loading the weak
    /// reference, and no later graph has the same one.
    let graphIdentity: Graph.Identity

    /// The graph the op belongs to.
    ///
    /// A graph owns its ops, tensors and variables; they do not keep it alive. Keep a reference to
    /// the ``Graph`` (or a ``Session`` of it) for as long as you use what was built in it.
    /// - Throws: ``ScopeFlowError/Code/notFound`` when the graph was already released.
    public var graph: Graph {
        get throws {
            guard let owner else {
                throw ScopeFlowError(
                    .notFound,
                    "The graph that op '\(name)' was built in no longer exists: nothing kept a reference to it. "
                        + "Keep the Graph (or a Session of it) alive for as long as you use its tensors, ops and "
                        + "variables, e.g. return it together with them.",
                    names: [name])
            }
            return owner
        }
    }

    init(
        type: String, name: String, inputs: [Tensor], controlInputs: [Operation], attrs: AttrMap,
        outputs: [OutputSpec], id: Int, location: SourceLocation, provenance: NameProvenance,
        graph: Graph, device: String = ""
    ) {
        self.device = device
        self.provenance = provenance
        self.type = type
        self.name = name
        wiring = Mutex(Wiring(inputs: inputs, controlInputs: controlInputs, outputSpecs: outputs))
        self.attrs = attrs
        self.id = id
        self.location = location
        owner = graph
        graphIdentity = graph.identity
    }

    /// The element type of each output.
    public var outputTypes: [DType] { outputSpecs.map(\.dtype) }
    /// The static shape of each output.
    public var outputShapes: [Shape] { outputSpecs.map(\.shape) }
    /// The number of outputs.
    public var outputCount: Int { outputSpecs.count }

    /// The op's outputs as tensors (`name:0`, `name:1` …).
    public var outputs: [Tensor] { outputSpecs.indices.map { Tensor(op: self, index: $0) } }

    /// Output `index` as a tensor.
    public func output(_ index: Int) -> Tensor { Tensor(op: self, index: index) }

    /// Replaces input `index` (TF's `op._update_input`): a control-flow context routes an input
    /// from outside through its `Switch` or `Enter`. The new input has the old one's dtype.
    func updateInput(_ index: Int, to tensor: Tensor) {
        wiring.withLock { wiring in
            wiring.inputs[index] = tensor
            wiring.isRewired = true
        }
    }

    /// Drops the inputs of an op whose inputs control flow rewired: they may close a cycle (a
    /// loop's `Merge` reads its `NextIteration`, which reads the body built on that `Merge`), which
    /// would keep the loop's ops alive forever. The graph calls it as it goes; an op still held
    /// after its graph is gone then lists no inputs.
    func releaseRewiredInputs() {
        wiring.withLock { wiring in
            if wiring.isRewired { wiring.inputs = [] }
        }
    }

    /// Adds control inputs the op does not have yet, in order (TF's `op._add_control_inputs`).
    func addControlInputs(_ ops: [Operation]) {
        wiring.withLock { wiring in
            for op in ops where !wiring.controlInputs.contains(op) { wiring.controlInputs.append(op) }
        }
    }

    /// Replaces the control inputs (TF's `_remove_all_control_inputs` followed by
    /// `_add_control_inputs`): a context drops control edges from outside itself.
    func setControlInputs(_ ops: [Operation]) {
        wiring.withLock { $0.controlInputs = ops }
    }

    /// Makes output `index`'s static shape the most specific shape that is both it and `shape`
    /// (TF's `Tensor.set_shape`).
    /// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when the two conflict.
    func refineShape(ofOutput index: Int, to shape: Shape) throws {
        try wiring.withLock { wiring in
            let current = wiring.outputSpecs[index]
            guard let merged = current.shape.merged(with: shape) else {
                throw ScopeFlowError(
                    .shapeMismatch,
                    "Shapes \(current.shape) and \(shape) of \(name):\(index) are incompatible; its static shape "
                        + "cannot become \(shape).",
                    names: [name])
            }
            wiring.outputSpecs[index] = OutputSpec(dtype: current.dtype, shape: merged)
        }
    }

    /// Records the control-flow context the op belongs to (TF's `op._set_control_flow_context`).
    func setControlFlowContext(_ context: (any ControlFlowContext)?) {
        wiring.withLock { $0.controlFlowContext = context }
    }

    public static func == (lhs: Operation, rhs: Operation) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    public var description: String { "Operation(\(name), type: \(type))" }
}

/// The part of an ``Operation`` that control flow may change while building it.
private struct Wiring {
    var inputs: [Tensor]
    var controlInputs: [Operation]
    var controlFlowContext: (any ControlFlowContext)?
    var outputSpecs: [OutputSpec]
    /// Whether ``Operation/updateInput(_:to:)`` changed an input.
    var isRewired = false
}
