import ScopeFlowProto

extension Graph {
    /// Adds the nodes of `graphDef` to this graph under `prefix`, as
    /// ``importGraphDef(_:prefix:clearDevices:)`` does, reading the tensors of `inputMap` in place of the
    /// GraphDef's own, and returns the imported elements `returnElements` names (TF's
    /// `tf.compat.v1.import_graph_def(graph_def, input_map=, return_elements=, name=)`).
    ///
    /// ```swift
    /// let images = placeholder(.float32, shape: [nil, 784], name: "images")
    /// let logits = try graph.importGraphDef(
    ///     frozen, inputMap: ["x:0": images], returnElements: ["logits:0"])[0] as! Tensor
    /// ```
    ///
    /// - Parameters:
    ///   - inputMap: GraphDef tensor names (`"x:0"`, or `"x"` for output 0) to tensors of this
    ///     graph of the same type; `"^x"` replaces control edges from node `x` by ones from the
    ///     given tensor's op. The replaced nodes are imported all the same, as TF does.
    ///   - returnElements: GraphDef names (without `prefix`) of the tensors (`"y:0"`, returned as
    ///     ``Tensor``) and ops (`"train"`, returned as ``Operation``) to return, in this order.
    /// - Throws: what ``importGraphDef(_:prefix:clearDevices:)`` throws;
    ///   ``ScopeFlowError/Code/invalidArgument`` for an `inputMap` key that no node reads or a
    ///   replacement of another dtype; ``ScopeFlowError/Code/notFound`` for a return element
    ///   the GraphDef does not have.
    public func importGraphDef(
        _ graphDef: Tensorflow_GraphDef, prefix: String = "import", inputMap: [String: Tensor] = [:],
        returnElements: [String]
    ) throws -> [any GraphElement] {
        let names = Set(graphDef.node.map(\.name))
        for element in returnElements {
            let (name, _, _) = Self.parseInput(element)
            guard names.contains(name) else {
                let kind = element.contains(":") ? "tensor" : "node"
                throw ScopeFlowError(
                    .notFound, "Requested return \(kind) '\(element)' not found in graph def.", names: [element])
            }
        }
        let map = try GraphDefInputMap(inputMap, for: graphDef)
        let built = try importNodes(of: graphDef, prefix: prefix, inputMap: map, clearDevices: false)
        return try returnElements.map { element in
            let (name, index, _) = Self.parseInput(element)
            let op = built[name]!
            guard element.contains(":") else { return op }
            guard op.outputTypes.indices.contains(index) else {
                throw ScopeFlowError(
                    .notFound,
                    "Invalid return output \(index) of node '\(name)', which has \(op.outputTypes.count) output(s).",
                    names: [element])
            }
            return op.output(index)
        }
    }
}

/// Imports `graphDef` into the default graph with an input map, returning `returnElements`
/// (TF's `tf.compat.v1.import_graph_def(graph_def, input_map=, return_elements=, name=)`).
public func importGraphDef(
    _ graphDef: Tensorflow_GraphDef, prefix: String = "import", inputMap: [String: Tensor] = [:],
    returnElements: [String]
) throws -> [any GraphElement] {
    try BuildContext.effective.graph.importGraphDef(
        graphDef, prefix: prefix, inputMap: inputMap, returnElements: returnElements)
}
