/// A node of a ``Graph``: an op type, a unique name, inputs, control inputs,
/// attributes and typed outputs.
///
/// Operations are immutable once built. They are created by op constructors
/// (``add(_:_:name:)``, ``matmul(_:_:transposeA:transposeB:name:)`` …), never directly.
public final class Operation: Sendable, Hashable, CustomStringConvertible {
    /// TensorFlow's op type (`"MatMul"`).
    public let type: String
    /// The op's unique name in its graph (`"layer/MatMul"`).
    public let name: String
    /// The tensors this op consumes, in order.
    public let inputs: [Tensor]
    /// Ops that must run before this one although no data flows from them.
    public let controlInputs: [Operation]
    /// Attributes by TensorFlow attribute name.
    public let attrs: AttrMap
    /// The dtype and static shape of each output.
    let outputSpecs: [OutputSpec]
    /// The position of the op in its graph's creation order.
    public let id: Int
    /// Where in the user's code the op was created.
    public let location: SourceLocation
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
        graph: Graph
    ) {
        self.provenance = provenance
        self.type = type
        self.name = name
        self.inputs = inputs
        self.controlInputs = controlInputs
        self.attrs = attrs
        self.outputSpecs = outputs
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

    public static func == (lhs: Operation, rhs: Operation) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    public var description: String { "Operation(\(name), type: \(type))" }
}
