// The epilogue of ScopeFlow's direct convolution on 16-float vectors: a per-channel bias and a
// Relu on a forward output, or the Relu gradient on an input gradient, applied to rows of pixels
// while they are in L1. Each element gets the bits of the graph ops' own element functions.

/// Applies a convolution's epilogue to `pixels` pixels of `channels` floats at `values`, in place:
/// `x + bias[c]` when `bias` is given, then TF's Relu when `relu` (`x` where `x > 0` or `x` is
/// NaN, which it keeps bit for bit, else `+0`), then, when `features` is given, ReluGrad:
/// `features[i] > 0 ? x : 0`, `features` laid out as `values`.
@inlinable @inline(__always)
public func applyConvolutionEpilogue(
    _ values: UnsafeMutablePointer<Float>, pixels: Int, channels: Int, bias: UnsafePointer<Float>?, relu: Bool,
    features: UnsafePointer<Float>?
) {
    let count = pixels &* channels
    if bias != nil || relu {
        for p in 0..<pixels {
            let row = values + p &* channels
            var c = 0
            while c + 16 <= channels {
                let at = UnsafeMutableRawPointer(row + c)
                var x = at.loadUnaligned(as: SIMD16<Float>.self)
                if let bias { x += UnsafeRawPointer(bias + c).loadUnaligned(as: SIMD16<Float>.self) }
                if relu { x = rectified(x) }
                at.storeBytes(of: x, as: SIMD16<Float>.self)
                c += 16
            }
            while c < channels {
                var x = row[c]
                if let bias { x += bias[c] }
                row[c] = relu && !(x > 0 || x.isNaN) ? 0 : x
                c += 1
            }
        }
    }
    guard let features else { return }
    var i = 0
    while i + 16 <= count {
        let at = UnsafeMutableRawPointer(values + i)
        var g = at.loadUnaligned(as: SIMD16<Float>.self)
        let x = UnsafeRawPointer(features + i).loadUnaligned(as: SIMD16<Float>.self)
        g.replace(with: 0, where: .!(x .> 0))
        at.storeBytes(of: g, as: SIMD16<Float>.self)
        i += 16
    }
    while i < count {
        values[i] = features[i] > 0 ? values[i] : 0
        i += 1
    }
}

/// TF's Relu in every lane: `x` where `x > 0` or `x` is NaN, `+0` elsewhere.
@inlinable @inline(__always)
func rectified(_ x: SIMD16<Float>) -> SIMD16<Float> {
    var result = x
    result.replace(with: 0, where: x .<= 0)
    return result
}
