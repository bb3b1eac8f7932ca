// The direct convolution's patches of short windows: each window row piece moves as whole
// 16-float vectors instead of an element loop or a `memmove` call per piece of a few floats.

/// Lays out `windows` windows side by side: window `w` is `rowCount` pieces of `span` floats at
/// `values + w·rowCount·span`, piece `k` read from `rows[k] + w·step`, or zeros where `rows[k]` is
/// nil.
///
/// Pieces are written in order, each as whole vectors, so each may write up to 15 floats past its
/// end, which the next piece overwrites, and read up to 15 floats past its end: `values` needs 15
/// writable floats past the last window, and each row 15 readable floats past the last piece read
/// from it.
@inlinable @inline(__always)
public func fillWindows(
    rows: UnsafePointer<UnsafePointer<Float>?>, rowCount: Int, span: Int, step: Int, windows: Int,
    into values: UnsafeMutablePointer<Float>
) {
    let vectors = (span + 15) / 16
    var to = UnsafeMutableRawPointer(values)
    for w in 0..<windows {
        for k in 0..<rowCount {
            if let row = rows[k] {
                let from = UnsafeRawPointer(row + w &* step)
                for v in 0..<vectors {
                    to.storeBytes(
                        of: from.loadUnaligned(fromByteOffset: v &* 64, as: SIMD16<Float>.self), toByteOffset: v &* 64,
                        as: SIMD16<Float>.self)
                }
            } else {
                for v in 0..<vectors { to.storeBytes(of: SIMD16<Float>(), toByteOffset: v &* 64, as: SIMD16<Float>.self) }
            }
            to += span &* MemoryLayout<Float>.stride
        }
    }
}
