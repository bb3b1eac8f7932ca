import ScopeFlowSIMDKernels

/// The register tile and the vector copies around it that the direct convolution
/// (``DirectConvolution``) and the tiled GEMM (``TiledGemm``) run on: those of
/// `ScopeFlowSIMDKernels`' AVX-512 set where ``SIMDSupport/avx512Kernel`` allows them, else its
/// wide set (AVX2 + FMA on x86-64, NEON on arm64) where ``SIMDSupport/wideKernel``
/// does. Both tiles take the same operands and give the same sums in the same order, so the
/// bits do not depend on which runs.
enum TileKernels: Sendable {
    /// 14-row tiles of 32 columns on 16-float vectors.
    case avx512
    /// 6-row tiles of 16 columns on 8-float vectors, two per 32-column block.
    case wide

    /// The kernels this CPU runs; nil where neither module may run (then the direct convolution
    /// and the tiled GEMM hand their work to the other paths).
    static let available: TileKernels? =
        SIMDSupport.avx512Kernel ? .avx512 : SIMDSupport.wideKernel ? .wide : nil

    /// ``available``, for code that only runs once a `handles` check has found it non-nil.
    static var current: TileKernels { available ?? .wide }

    /// The tiles' name in benchmark reports.
    var name: String {
        switch self {
        case .avx512: return "AVX-512 tiles"
        case .wide:
            #if arch(x86_64)
            return "AVX2 tiles"
            #else
            return "NEON tiles"
            #endif
        }
    }

    /// Rows of A that the tiled GEMM copies side by side for one pass of tiles: one 14-row AVX-512
    /// tile, or two 6-row ones.
    var panelRows: Int {
        switch self {
        case .avx512: 14
        case .wide: 12
        }
    }

    /// `C (+)= A·B` for a block of at most 32 columns of C, operands read in place through
    /// strides (see `avx512ConvolutionTile` for the contract both tiles keep).
    @inline(__always)
    func tile(
        rows: Int, depth: Int, a: UnsafePointer<Float>, aRowStride: Int, aDepthStride: Int,
        b: UnsafePointer<Float>, bStride: Int, c: UnsafeMutablePointer<Float>, ldc: Int, columns: Int,
        accumulate: Bool, tail: UnsafePointer<Float>? = nil, stepsBeforeTail: Int = .max
    ) {
        switch self {
        case .avx512:
            avx512ConvolutionTile(
                rows: rows, depth: depth, a: a, aRowStride: aRowStride, aDepthStride: aDepthStride, b: b,
                bStride: bStride, c: c, ldc: ldc, columns: columns, accumulate: accumulate, tail: tail,
                stepsBeforeTail: stepsBeforeTail)
        case .wide:
            wideConvolutionTile(
                rows: rows, depth: depth, a: a, aRowStride: aRowStride, aDepthStride: aDepthStride, b: b,
                bStride: bStride, c: c, ldc: ldc, columns: columns, accumulate: accumulate, tail: tail,
                stepsBeforeTail: stepsBeforeTail)
        }
    }

    /// Copies rows of at most 32 floats into zero-padded 32-float rows (`wideCopyPanelRows` of
    /// `ScopeFlowSIMDKernels`).
    @inline(__always)
    func copyPanelRows(
        rows: Int, columns: Int, source: UnsafePointer<Float>, rowStride: Int, columnStride: Int,
        destination: UnsafeMutablePointer<Float>, destinationStride: Int
    ) {
        switch self {
        case .avx512:
            avx512CopyPanelRows(
                rows: rows, columns: columns, source: source, rowStride: rowStride, columnStride: columnStride,
                destination: destination, destinationStride: destinationStride)
        case .wide:
            wideCopyPanelRows(
                rows: rows, columns: columns, source: source, rowStride: rowStride, columnStride: columnStride,
                destination: destination, destinationStride: destinationStride)
        }
    }

    /// Lays out convolution windows side by side (`wideFillWindows` of `ScopeFlowSIMDKernels`).
    @inline(__always)
    func fillWindows(
        rows: UnsafePointer<UnsafePointer<Float>?>, rowCount: Int, span: Int, step: Int, windows: Int,
        into values: UnsafeMutablePointer<Float>
    ) {
        switch self {
        case .avx512:
            avx512FillWindows(rows: rows, rowCount: rowCount, span: span, step: step, windows: windows, into: values)
        case .wide:
            wideFillWindows(rows: rows, rowCount: rowCount, span: span, step: step, windows: windows, into: values)
        }
    }

    /// Copies short rows between buffers (`wideCopyRows` of `ScopeFlowSIMDKernels`).
    @inline(__always)
    func copyRows(
        rows: Int, length: Int, source: UnsafePointer<Float>, sourceStride: Int, target: UnsafeMutablePointer<Float>,
        targetStride: Int
    ) {
        switch self {
        case .avx512:
            avx512CopyRows(
                rows: rows, length: length, source: source, sourceStride: sourceStride, target: target,
                targetStride: targetStride)
        case .wide:
            wideCopyRows(
                rows: rows, length: length, source: source, sourceStride: sourceStride, target: target,
                targetStride: targetStride)
        }
    }

    /// Adds float32 rows into float64 sums in row order (`wideAddRows` of `ScopeFlowSIMDKernels`).
    @inline(__always)
    func addRows(_ source: UnsafePointer<Float>, rows: Int, width: Int, rowStride: Int, into sums: UnsafeMutablePointer<Double>) {
        switch self {
        case .avx512: avx512AddRows(source, rows: rows, width: width, rowStride: rowStride, into: sums)
        case .wide: wideAddRows(source, rows: rows, width: width, rowStride: rowStride, into: sums)
        }
    }

    /// A direct convolution's epilogue on `pixels` rows of `channels` floats (see
    /// `wideConvolutionEpilogue` in ScopeFlowSIMDKernels).
    @inline(__always)
    func convolutionEpilogue(
        _ values: UnsafeMutablePointer<Float>, pixels: Int, channels: Int, bias: UnsafePointer<Float>?, relu: Bool,
        features: UnsafePointer<Float>?
    ) {
        switch self {
        case .avx512:
            avx512ConvolutionEpilogue(values, pixels: pixels, channels: channels, bias: bias, relu: relu, features: features)
        case .wide:
            wideConvolutionEpilogue(values, pixels: pixels, channels: channels, bias: bias, relu: relu, features: features)
        }
    }
}
