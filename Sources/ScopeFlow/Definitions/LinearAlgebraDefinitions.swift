extension OpDefinitions {
    /// The definitions of the `MatMul` and `BatchMatMulV2`: products with the other
    /// operand, transposed as TF's `_MatMulGrad` / `_BatchMatMulV2` do; and `MatrixBandPart`.
    static let linearAlgebra: [OpDefinition] = [
        OpDefinition(
            "MatMul", kernel: .singleOutput(Kernels.makeMatMul), compiled: .step(CompiledMatMul.matMul), shape: .matMul,
            attrDefaults: [
                "transpose_a": .bool(false), "transpose_b": .bool(false), "grad_a": .bool(false),
                "grad_b": .bool(false),
            ]
        ) { op, grads in
            let (a, b, g) = (op.inputs[0], op.inputs[1], grads[0]!)
            func product(_ x: Tensor, _ y: Tensor, _ tx: Bool, _ ty: Bool, _ hint: MatMulGradientHint) throws
                -> Tensor
            {
                try matmulOp([x, y], transposeA: tx, transposeB: ty, hint: hint, location: gradientLocation)
            }
            switch (op.attrs["transpose_a"]?.boolValue ?? false, op.attrs["transpose_b"]?.boolValue ?? false) {
            case (false, false):
                return [try product(g, b, false, true, .gradA), try product(a, g, true, false, .gradB)]
            case (false, true):
                return [try product(g, b, false, false, .gradA), try product(g, a, true, false, .gradB)]
            case (true, false):
                return [try product(b, g, false, true, .gradA), try product(a, g, false, false, .gradB)]
            case (true, true):
                return [try product(b, g, true, true, .gradA), try product(g, a, true, true, .gradB)]
            }
        },
        OpDefinition(
            "BatchMatMulV2", kernel: .singleOutput(Kernels.makeBatchMatMul), shape: .batchMatMul,
            attrDefaults: [
                "adj_x": .bool(false), "adj_y": .bool(false), "grad_x": .bool(false), "grad_y": .bool(false),
            ]
        ) { op, grads in
            let (x, y, g) = (op.inputs[0], op.inputs[1], grads[0]!)
            let gx: Tensor
            let gy: Tensor
            switch (op.attrs["adj_x"]?.boolValue ?? false, op.attrs["adj_y"]?.boolValue ?? false) {
            case (false, false): (gx, gy) = (try batchMatmul(g, y, adjY: true), try batchMatmul(x, g, adjX: true))
            case (false, true): (gx, gy) = (try batchMatmul(g, y), try batchMatmul(g, x, adjX: true))
            case (true, false): (gx, gy) = (try batchMatmul(y, g, adjY: true), try batchMatmul(x, g))
            case (true, true):
                (gx, gy) = (
                    try batchMatmul(y, g, adjX: true, adjY: true), try batchMatmul(g, x, adjX: true, adjY: true)
                )
            }
            // Undo the broadcasting of batch dimensions.
            return [try sumToShape(gx, of: x), try sumToShape(gy, of: y)]
        },
        OpDefinition("BatchMatMulV3", kernel: .singleOutput(Kernels.makeBatchMatMul), gradient: .undefined),
        OpDefinition(
            "MatrixBandPart", kernel: .general(matrixBandPartKernel), shape: .matrixBandPart,
            attrDefaults: ["Tindex": .type(.int64)]
        ) { op, grads in
            // TF's _MatrixBandPartGrad: the gradient cut to the same band.
            [try matrixBandPartOp(grads[0]!, numLower: op.inputs[1], numUpper: op.inputs[2]), nil, nil]
        },
    ]
}
