// The data movement of ScopeFlowVectorMoves compiled for AVX2 + FMA (see FloatMicroKernel.swift).
import ScopeFlowVectorMoves

/// ``copyPanelRows(rows:columns:source:rowStride:columnStride:destination:destinationStride:)``
/// compiled for AVX2 + FMA.
@inline(never)
public func wideCopyPanelRows(
    rows: Int, columns: Int, source: UnsafePointer<Float>, rowStride: Int, columnStride: Int,
    destination: UnsafeMutablePointer<Float>, destinationStride: Int
) {
    copyPanelRows(
        rows: rows, columns: columns, source: source, rowStride: rowStride, columnStride: columnStride,
        destination: destination, destinationStride: destinationStride)
}

/// ``fillWindows(rows:rowCount:span:step:windows:into:)`` compiled for AVX2 + FMA.
@inline(never)
public func wideFillWindows(
    rows: UnsafePointer<UnsafePointer<Float>?>, rowCount: Int, span: Int, step: Int, windows: Int,
    into values: UnsafeMutablePointer<Float>
) {
    fillWindows(rows: rows, rowCount: rowCount, span: span, step: step, windows: windows, into: values)
}

/// ``copyRows(rows:length:source:sourceStride:target:targetStride:)`` compiled for AVX2 + FMA.
@inline(never)
public func wideCopyRows(
    rows: Int, length: Int, source: UnsafePointer<Float>, sourceStride: Int, target: UnsafeMutablePointer<Float>,
    targetStride: Int
) {
    copyRows(rows: rows, length: length, source: source, sourceStride: sourceStride, target: target, targetStride: targetStride)
}

/// ``addRows(_:rows:width:rowStride:into:)`` compiled for AVX2 + FMA.
@inline(never)
public func wideAddRows(
    _ source: UnsafePointer<Float>, rows: Int, width: Int, rowStride: Int, into sums: UnsafeMutablePointer<Double>
) {
    addRows(source, rows: rows, width: width, rowStride: rowStride, into: sums)
}

/// ``applyConvolutionEpilogue(_:pixels:channels:bias:relu:features:)`` compiled for AVX2 + FMA.
@inline(never)
public func wideConvolutionEpilogue(
    _ values: UnsafeMutablePointer<Float>, pixels: Int, channels: Int, bias: UnsafePointer<Float>?, relu: Bool,
    features: UnsafePointer<Float>?
) {
    applyConvolutionEpilogue(values, pixels: pixels, channels: channels, bias: bias, relu: relu, features: features)
}
