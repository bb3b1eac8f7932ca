/// Where one part of a partitioned variable sits in the whole (TF's `_PartitionInfo`): what an
/// ``Initializer`` receives when it builds the initial value of a part.
///
/// ```swift
/// let info = try PartitionInfo(fullShape: [9, 3], varOffset: [4, 0])
/// try info.singleOffset([1, 3])     // 4
/// try info.singleSliceDim([2, 3])   // 0
/// ```
public struct PartitionInfo: Sendable, Hashable {
    /// The shape of the whole variable.
    public let fullShape: [Int]
    /// The part's first index in the whole, per axis.
    public let varOffset: [Int]

    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when the two lists differ in length or an
    ///   offset is outside `0..<fullShape[axis]` (TF's `ValueError`s).
    public init(fullShape: [Int], varOffset: [Int]) throws {
        guard varOffset.count == fullShape.count else {
            throw ScopeFlowError(
                .invalidArgument,
                "Expected equal length, but `var_offset` is of length \(varOffset.count) while full_shape is of "
                    + "length \(fullShape.count).")
        }
        for (offset, size) in zip(varOffset, fullShape) where offset < 0 || offset >= size {
            throw ScopeFlowError(
                .invalidArgument,
                "Expected 0 <= offset < shape but found offset=\(offset), shape=\(size) for var_offset=\(varOffset), "
                    + "full_shape=\(fullShape)")
        }
        self.fullShape = fullShape
        self.varOffset = varOffset
    }

    /// The offset along the one partitioned axis of a part of `shape`, 0 when no axis is cut.
    /// - Throws: what ``singleSliceDim(_:)`` throws.
    public func singleOffset(_ shape: [Int]) throws -> Int {
        guard let axis = try singleSliceDim(shape) else { return 0 }
        return varOffset[axis]
    }

    /// The one axis along which a part of `shape` is smaller than the whole, nil when none is.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `shape` has another rank, runs past
    ///   the whole from ``varOffset``, or is cut along two axes.
    public func singleSliceDim(_ shape: [Int]) throws -> Int? {
        guard shape.count == fullShape.count else {
            throw ScopeFlowError(
                .invalidArgument,
                "Expected equal length, but received shape=\(shape) of length \(shape.count) while "
                    + "self.full_shape=\(fullShape) is of length \(fullShape.count).")
        }
        for axis in shape.indices where varOffset[axis] + shape[axis] > fullShape[axis] {
            throw ScopeFlowError(
                .invalidArgument,
                "With self.var_offset=\(varOffset), a partition of shape=\(shape) would exceed "
                    + "self.full_shape=\(fullShape) in dimension \(axis).")
        }
        var sliceDim: Int?
        for axis in shape.indices where shape[axis] != fullShape[axis] {
            if let sliceDim {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Cannot use single_slice_dim() with shape=\(shape) and self.full_shape=\(fullShape) since slice "
                        + "dim could be either dimension \(axis) or \(sliceDim).")
            }
            sliceDim = axis
        }
        return sliceDim
    }
}
