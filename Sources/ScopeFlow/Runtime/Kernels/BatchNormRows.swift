/// The passes of `FusedBatchNormV3` and `FusedBatchNormGradV3` over channels-last float32
/// values seen as `rows × channels` (every NHWC position is a row). Each pass reads the values
/// once with the channel loop innermost, so that it vectorizes; sums are accumulated per
/// channel in Double. Both the interpreter's kernels and the compiled steps run them, on
/// buffers of at least one row and one channel.
struct BatchNormRows: Sendable {
    let rows: Int
    let channels: Int

    /// `sums[c] = Σ_r x[r, c]`.
    func sums(_ x: UnsafePointer<Float>, into sums: UnsafeMutablePointer<Double>) {
        sums.update(repeating: 0, count: channels)
        var row = x
        for _ in 0..<rows {
            for c in 0..<channels { sums[c] += Double(row[c]) }
            row += channels
        }
    }

    /// `sums[c] = Σ_r (x[r, c] − mean[c])²`.
    func centeredSquareSums(
        _ x: UnsafePointer<Float>, mean: UnsafePointer<Float>, into sums: UnsafeMutablePointer<Double>
    ) {
        sums.update(repeating: 0, count: channels)
        var row = x
        for _ in 0..<rows {
            for c in 0..<channels {
                let centered = Double(row[c] - mean[c])
                sums[c] += centered * centered
            }
            row += channels
        }
    }

    /// `y[r, c] = (x[r, c] − mean[c]) · factor[c] + offset[c]`.
    func normalize(
        _ x: UnsafePointer<Float>, mean: UnsafePointer<Float>, factor: UnsafePointer<Float>,
        offset: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>
    ) {
        var (source, target) = (x, y)
        for _ in 0..<rows {
            for c in 0..<channels { target[c] = (source[c] - mean[c]) * factor[c] + offset[c] }
            source += channels
            target += channels
        }
    }

    /// In one pass, `gradientSums[c] = Σ_r dy[r, c]` and
    /// `productSums[c] = Σ_r dy[r, c] · (x[r, c] − mean[c])`.
    func gradientSums(
        _ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, mean: UnsafePointer<Float>,
        into gradientSums: UnsafeMutablePointer<Double>, _ productSums: UnsafeMutablePointer<Double>
    ) {
        gradientSums.update(repeating: 0, count: channels)
        productSums.update(repeating: 0, count: channels)
        var (gradient, source) = (dy, x)
        for _ in 0..<rows {
            for c in 0..<channels {
                let g = Double(gradient[c])
                gradientSums[c] += g
                productSums[c] += g * Double(source[c] - mean[c])
            }
            gradient += channels
            source += channels
        }
    }

    /// The input gradient of training-mode batch norm:
    /// `dx[r, c] = factor[c] · ((dy[r, c] − gradientMean[c]) − (x[r, c] − mean[c]) · correction[c])`.
    func trainingInputGradient(
        _ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, mean: UnsafePointer<Float>,
        gradientMean: UnsafePointer<Float>, factor: UnsafePointer<Float>, correction: UnsafePointer<Float>,
        into dx: UnsafeMutablePointer<Float>
    ) {
        var (gradient, source, target) = (dy, x, dx)
        for _ in 0..<rows {
            for c in 0..<channels {
                target[c] = factor[c] * ((gradient[c] - gradientMean[c]) - (source[c] - mean[c]) * correction[c])
            }
            gradient += channels
            source += channels
            target += channels
        }
    }

    /// `dx[r, c] = dy[r, c] · factor[c]` (the input gradient of inference-mode batch norm).
    func scale(_ dy: UnsafePointer<Float>, by factor: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>) {
        var (gradient, target) = (dy, dx)
        for _ in 0..<rows {
            for c in 0..<channels { target[c] = gradient[c] * factor[c] }
            gradient += channels
            target += channels
        }
    }
}
