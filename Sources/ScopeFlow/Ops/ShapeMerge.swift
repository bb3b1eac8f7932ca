/// TF's `InferenceContext::Merge`, with its error wording: what shape functions use to require
/// that two shapes (or two dimensions) describe the same thing.
extension ShapeInference {
    /// The most specific shape compatible with both `a` and `b`.
    /// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when their ranks or a dimension differ.
    func merge(_ a: Shape, _ b: Shape) throws -> Shape {
        if let merged = a.merged(with: b) { return merged }
        let (x, y) = (a.dims ?? [], b.dims ?? [])
        guard x.count == y.count else {
            throw mergeError("Shapes must be equal rank, but are \(x.count) and \(y.count)")
        }
        let d =
            x.indices.first { (i: Int) -> Bool in
                guard let p = x[i], let q = y[i] else { return false }
                return p != q
            } ?? 0
        throw mergeError(
            "Dimension \(d) in both shapes must be equal, but are \(x[d] ?? -1) and \(y[d] ?? -1). Shapes are "
                + "\(a.bracketed) and \(b.bracketed).")
    }

    /// The dimension both `a` and `b` describe (nil: unknown).
    /// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when both are known and differ.
    func merge(_ a: Int?, _ b: Int?) throws -> Int? {
        if let a, let b, a != b { throw mergeError("Dimensions must be equal, but are \(a) and \(b)") }
        return a ?? b
    }

    /// A shape function's error as TF words it: the reason, then the node and its input shapes.
    private func mergeError(_ reason: String) -> ScopeFlowError {
        ScopeFlowError(
            .shapeMismatch,
            "\(reason) for '{{node \(opName)}} = \(opType)' with input shapes: "
                + inputs.map(\.shape.bracketed).joined(separator: ", ") + ".",
            names: [opName])
    }
}
