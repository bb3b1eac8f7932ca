import ScopeFlow

extension Graph {
    /// Every node as `shared/models/*/graph.txt` lists it: `<name> <op>[ <input>,<input>,...]`, one
    /// line per `NodeDef` in creation order, inputs as the GraphDef writes them (`name`, `name:k`,
    /// `^name`).
    public var graphText: String {
        graphDef().node.map { node in
            ([node.name, node.op] + (node.input.isEmpty ? [] : [node.input.joined(separator: ",")]))
                .joined(separator: " ")
        }.joined(separator: "\n") + "\n"
    }
}
