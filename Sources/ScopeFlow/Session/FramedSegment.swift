/// A run of consecutive steps of one frame of a ``FramedProgram`` compiled into a ``CompiledPlan``.
///
/// A plan with a cond or a loop runs on the frame executor, but most of its steps are ordinary
/// float32 kernels: the whole forward and backward pass around a dropout's cond, a cell's matrix
/// products inside a loop body. Such a run of steps becomes one `compiled` step that copies its
/// inputs into the segment's arena, runs the compiled steps (fused, allocation free) and hands the
/// values that other steps read back as tensors. The steps it stands for stay in the program right
/// after it: a run whose inputs have other shapes than the recorded run's takes them instead.
///
/// The steps of a segment are live or dead together: they belong to the same branches of the
/// same conds (``FramedSegmentation``), so one dead input, guard or control makes them all dead.
struct FramedSegment {
    let plan: CompiledPlan
    /// How many steps after the segment's own step it stands for.
    let stepCount: Int
    /// The ops of those steps (indices into ``FramedProgram/ops``), made live or dead together.
    let ops: [Int]
}
