/// A symbolic tensor: output `index` of an ``Operation``. It has a static
/// dtype and shape; its value exists only when a ``Session`` runs the graph.
///
/// ```swift
/// let c = try constant([1, 2] as [Float])
/// print(c.name)    // Const:0
/// ```
public struct Tensor: Sendable, Hashable, CustomStringConvertible {
    /// The op producing this tensor.
    public let op: Operation
    /// Which output of `op` this is.
    public let index: Int

    /// TensorFlow's tensor name, `"op_name:index"`.
    public var name: String { "\(op.name):\(index)" }
    /// The element type.
    public var dtype: DType { op.outputSpecs[index].dtype }
    /// The static shape (possibly partly unknown).
    public var shape: Shape { op.outputSpecs[index].shape }
    /// The graph the tensor belongs to.
    /// - Throws: ``ScopeFlowError/Code/notFound`` when the graph was already released (see ``Operation/graph``).
    public var graph: Graph { get throws { try op.graph } }

    public var description: String { "Tensor(\"\(name)\", shape: \(shape), dtype: \(dtype))" }
}

/// Something that lives in a graph: a ``Tensor``, a ``Variable`` or an
/// ``Operation``. Scope functions take them as `values` to pick the graph.
public protocol GraphElement: Sendable {
    /// The graph the element belongs to.
    /// - Throws: ``ScopeFlowError/Code/notFound`` when the graph was already released (see ``Operation/graph``).
    var graph: Graph { get throws }
    /// The element's TF name.
    var name: String { get }
}

extension Operation: GraphElement {}

/// Anything that can stand for a tensor as an op input: a ``Tensor`` itself,
/// or a ``Variable`` (which reads as its current value).
public protocol TensorConvertible: GraphElement {
    /// The tensor an op consumes when given this value.
    var tensor: Tensor { get }
}

extension Tensor: TensorConvertible {
    public var tensor: Tensor { self }
}
