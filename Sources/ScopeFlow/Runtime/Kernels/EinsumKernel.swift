/// `Einsum(inputs…)`: the sum, over every label not in the output, of the products of the inputs'
/// entries, as the equation attribute names them. Broadcast (ellipsis) dimensions of size 1
/// stretch; a label repeated in an input takes its diagonal, repeated in the output fills one.
func einsumKernel(_ context: KernelContext) throws -> Kernel {
    let equation = try EinsumEquation(context.attrs["equation"]?.stringValue ?? "")
    return { inputs in
        try context.checkInputCount(inputs, equation.inputs.count)
        guard let first = inputs.first, inputs.allSatisfy({ $0.dtype == first.dtype }) else {
            throw context.arrayError(.dtypeMismatch, "all inputs must share one dtype.")
        }
        let plan = try EinsumPlan(equation, shapes: inputs.map(\.shape), context: context)
        return [try dispatchNumeric(first, context, EinsumSum(plan: plan, inputs: inputs))]
    }
}

/// The sizes and strides an einsum visits: every label (the output's first), and for each input
/// and the output the stride of each label (summed over repeats, 0 for a stretched dimension).
struct EinsumPlan {
    let sizes: [Int]
    let inputStrides: [[Int]]
    let outputStrides: [Int]
    let outputShape: [Int]

    init(_ equation: EinsumEquation, shapes: [[Int]], context: KernelContext) throws {
        let broadcastRank = zip(equation.inputs, shapes).map { $1.count - $0.letters.count }.max() ?? 0
        let inputLabels = try zip(equation.inputs, shapes).map {
            try equation.labels($0, rank: $1.count, broadcastRank: broadcastRank)
        }
        let outputLabels = try equation.labels(
            equation.output,
            rank: equation.output.letters.count + (equation.output.ellipsisAt == nil ? 0 : broadcastRank),
            broadcastRank: broadcastRank)
        var size: [EinsumLabel: Int] = [:]
        for (labels, shape) in zip(inputLabels, shapes) {
            for (label, dimension) in zip(labels, shape) {
                switch (label, size[label]) {
                case (_, nil): size[label] = dimension
                case (_, dimension?): break
                case (.broadcast, 1?): size[label] = dimension
                case (.broadcast, _) where dimension == 1: break
                case (_, let known?):
                    throw context.arrayError(
                        .shapeMismatch,
                        "Einsum '\(equation.equation)': a dimension labelled \(label) has sizes \(known) and "
                            + "\(dimension) in the inputs \(shapes.map(tfShape)); they must agree.")
                }
            }
        }
        var order: [EinsumLabel] = []
        for label in outputLabels + inputLabels.flatMap({ $0 }) where !order.contains(label) { order.append(label) }
        sizes = order.map { size[$0] ?? 1 }
        func strides(_ labels: [EinsumLabel], _ shape: [Int]) -> [Int] {
            let rowMajor = rowMajorStrides(shape)
            return order.map { label in
                labels.indices.filter { labels[$0] == label && shape[$0] != 1 }.reduce(0) { $0 + rowMajor[$1] }
            }
        }
        inputStrides = zip(inputLabels, shapes).map { strides($0, $1) }
        outputShape = outputLabels.map { size[$0] ?? 1 }
        _ = try context.checkedElementCount(outputShape, allocating: .float64)
        _ = try ShapeCheck.elementCount(sizes, of: context.opName)
        outputStrides = strides(outputLabels, outputShape)
    }
}

/// Runs an einsum plan over the visited dtype: an odometer over every label, adding each product of
/// the inputs' entries into its output entry.
private struct EinsumSum: NumericVisitor {
    let plan: EinsumPlan
    let inputs: [HostTensor]

    func visit<T: NumericElement>(_ first: [T], _ a: HostTensor) throws -> HostTensor {
        let operands = inputs.map { T.values(in: $0.storage) ?? [] }
        var result = [T](repeating: .zero, count: plan.outputShape.reduce(1, *))
        let total = plan.sizes.reduce(1, *)
        guard total > 0 else { return HostTensor(uncheckedStorage: T.storage(result), shape: plan.outputShape) }
        var counter = [Int](repeating: 0, count: plan.sizes.count)
        var offsets = [Int](repeating: 0, count: operands.count)
        var outputOffset = 0
        for _ in 0..<total {
            var product = operands[0][offsets[0]]
            for k in operands.indices.dropFirst() { product = T.multiply(product, operands[k][offsets[k]]) }
            result[outputOffset] = T.add(result[outputOffset], product)
            var axis = plan.sizes.count - 1
            while axis >= 0 {
                counter[axis] += 1
                for k in operands.indices { offsets[k] += plan.inputStrides[k][axis] }
                outputOffset += plan.outputStrides[axis]
                if counter[axis] < plan.sizes[axis] { break }
                for k in operands.indices { offsets[k] -= plan.inputStrides[k][axis] * plan.sizes[axis] }
                outputOffset -= plan.outputStrides[axis] * plan.sizes[axis]
                counter[axis] = 0
                axis -= 1
            }
        }
        return HostTensor(uncheckedStorage: T.storage(result), shape: plan.outputShape)
    }
}
