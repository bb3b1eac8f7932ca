/// `scale · Σ|w|` (`tf.keras.regularizers.l1(scale)`): ops `Abs`, `Const`, `Sum`, `mul`.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a negative or non-finite `scale`.
public func l1Regularizer(_ scale: Double) throws -> Regularizer {
    try requireRegularizerFactors(l1: scale, l2: 0, function: "l1Regularizer")
    return Regularizer { w in try Double(Float(scale)) * reduceSum(abs(w)) }
}

/// `2 · scale · l2Loss(w)`, that is `scale · Σw²` (`tf.keras.regularizers.l2(scale)`): ops `L2Loss`,
/// `mul`.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a negative or non-finite `scale`.
public func l2Regularizer(_ scale: Double) throws -> Regularizer {
    try requireRegularizerFactors(l1: 0, l2: scale, function: "l2Regularizer")
    return Regularizer { w in
        let loss = try l2Loss(w)
        return try Double(2 * Float(scale)) * loss
    }
}

/// `0 + l1 · Σ|w| + 2 · l2 · l2Loss(w)`, each term only when its factor is not zero
/// (`tf.keras.regularizers.l1_l2(l1, l2)`): ops `Const`, then `Abs`, `Const_1`, `Sum`, `mul`, `add`,
/// then `L2Loss`, `mul_1`, `add_1`.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a negative or non-finite factor.
public func l1l2Regularizer(l1: Double = 0.01, l2: Double = 0.01) throws -> Regularizer {
    try requireRegularizerFactors(l1: l1, l2: l2, function: "l1l2Regularizer")
    return Regularizer { w in
        var total = try constant(0.0, dtype: w.dtype)
        if l1 != 0 { total = try total + Double(Float(l1)) * reduceSum(abs(w)) }
        if l2 != 0 {
            let loss = try l2Loss(w)
            total = try total + Double(2 * Float(l2)) * loss
        }
        return total
    }
}

/// Checks the factors of a keras-style regularizer.
private func requireRegularizerFactors(l1: Double, l2: Double, function: String) throws {
    for (label, factor) in [("l1", l1), ("l2", l2)] where !(factor.isFinite && factor >= 0) {
        throw ScopeFlowError(
            .invalidArgument,
            "\(function) needs a finite factor of 0 or more, got \(label) = \(factor); pass the penalty's weight.")
    }
}
