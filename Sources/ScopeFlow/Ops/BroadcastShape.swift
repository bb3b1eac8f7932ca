extension Shape {
    /// The static result shape of a numpy-broadcasting binary op, following
    /// TF's shape function: unknown sizes stay unknown unless the other side
    /// fixes them.
    /// - Throws: ``ScopeFlowError/Code/shapeMismatch`` ("Dimensions must be equal …").
    func broadcast(with other: Shape, opName: String, opType: String) throws -> Shape {
        guard let a = dims, let b = other.dims else { return .unknown }
        let rank = Swift.max(a.count, b.count)
        var out = [Int?](repeating: nil, count: rank)
        for i in 0..<rank {
            let x = i < a.count ? a[a.count - 1 - i] : 1
            let y = i < b.count ? b[b.count - 1 - i] : 1
            let result: Int?
            switch (x, y) {
            case (let x?, let y?) where x == y: result = x
            case (1?, _): result = y
            case (_, 1?): result = x
            case (let x?, let y?):
                throw ScopeFlowError(
                    .shapeMismatch,
                    "Dimensions must be equal, but are \(x) and \(y) for '{{node \(opName)}} = \(opType)' with "
                        + "input shapes: \(self.bracketed), \(other.bracketed). Make the shapes broadcastable.",
                    names: [opName])
            case (nil, let y?): result = y
            case (let x?, nil): result = x
            case (nil, nil): result = nil
            }
            out[rank - 1 - i] = result
        }
        return Shape(out)
    }

    /// TF's C++ spelling of a shape in shape-function errors: `[2,?]`, `?` for unknown rank.
    var bracketed: String {
        guard let dims else { return "?" }
        return "[" + dims.map { $0.map(String.init) ?? "?" }.joined(separator: ",") + "]"
    }
}
