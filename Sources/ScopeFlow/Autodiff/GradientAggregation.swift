/// The sum of the gradients a tensor received along several paths, as TF's `_AggregatedGrads`
/// builds it: dense gradients summed by one `AddN`; dense and IndexedSlices mixed, an `AddN`
/// whose scope holds the slices made dense (`AddN/inputs_<i>`); IndexedSlices only, one
/// IndexedSlices of their values and indices concatenated (`concat`, `concat_1`).
func aggregateGradients(_ gradients: [Gradient]) throws -> Gradient? {
    guard gradients.count > 1 else { return gradients.first }
    let dense = gradients.compactMap(\.denseTensor)
    if dense.count == gradients.count { return .dense(try addN(dense)) }
    if !dense.isEmpty {
        return .dense(
            try nameScope(nil, defaultName: "AddN") { scope in
                let inputs = try gradients.enumerated().map { i, gradient in
                    try gradient.asTensor(name: "inputs_\(i)")
                }
                return try addN(inputs, name: scope)
            })
    }
    let slices = try withCommonIndexType(gradients.compactMap(\.indexedSlices))
    return .indexedSlices(
        try IndexedSlices(
            values: concat(slices.map(\.values), axis: 0), indices: concat(slices.map(\.indices), axis: 0),
            denseShape: slices[0].denseShape))
}

/// `slices` with int32 indices cast to int64 when others are int64 (TF's `_as_indexed_slices_list`),
/// so their indices can be concatenated.
private func withCommonIndexType(_ slices: [IndexedSlices]) throws -> [IndexedSlices] {
    guard slices.contains(where: { $0.indices.dtype == .int64 }), slices.contains(where: { $0.indices.dtype == .int32 })
    else { return slices }
    return try slices.map { slice in
        guard slice.indices.dtype == .int32 else { return slice }
        return try IndexedSlices(
            values: slice.values, indices: cast(slice.indices, to: .int64), denseShape: slice.denseShape)
    }
}

/// `gradients`, each available only once all are computed (TF's `tf.tuple` on gradients): as
/// ``tuple(_:name:file:line:)``, an IndexedSlices gates on the producers of its values, indices
/// and dense shape, and comes back with its values through the `control_dependency` `Identity`.
func tupleGradients(_ gradients: [Gradient?], location: SourceLocation) throws -> [Gradient?] {
    if gradients.allSatisfy({ $0?.indexedSlices == nil }) {
        let dense = try tuple(gradients.map { $0?.denseTensor }, file: location.fileID, line: location.line)
        return dense.map { $0.map(Gradient.dense) }
    }
    let components = gradients.compactMap { $0 }.flatMap { gradient -> [Tensor] in
        switch gradient {
        case .dense(let tensor): [tensor]
        case .indexedSlices(let slices): [slices.values, slices.indices] + (slices.denseShape.map { [$0] } ?? [])
        }
    }
    return try nameScope(nil, defaultName: "tuple", values: components) { _ in
        var seen = Set<ObjectIdentifier>()
        let gating = components.map(\.op).filter { seen.insert(ObjectIdentifier($0)).inserted }.sorted { $0.id < $1.id }
        let gate = try group(gating, file: location.fileID, line: location.line)
        return try gradients.map { gradient in
            switch gradient {
            case nil: return nil
            case .dense(let tensor): return .dense(try withDependencies([gate], tensor, location: location))
            case .indexedSlices(let slices):
                return .indexedSlices(
                    try IndexedSlices(
                        values: withDependencies([gate], slices.values, location: location), indices: slices.indices,
                        denseShape: slices.denseShape))
            }
        }
    }
}
