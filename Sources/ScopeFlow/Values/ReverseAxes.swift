extension ShapeCheck {
    /// The axes of a `ReverseV2`, `axes`, made non-negative for an input of `rank`, with TF's checks
    /// (an axis outside `[-rank, rank)`, an axis given twice); `error` makes the error of a message.
    static func reverseAxes(_ axes: [Int], rank: Int, error: (String) -> ScopeFlowError) throws -> [Int] {
        var seen = Set<Int>()
        return try axes.enumerated().map { index, axis in
            guard (-rank..<rank).contains(axis) else {
                throw error("'axis'[\(index)] = \(axis) is out of valid range [-\(rank), \(rank))")
            }
            let positive = axis < 0 ? axis + rank : axis
            guard seen.insert(positive).inserted else { throw error("axis \(positive) specified more than once") }
            return positive
        }
    }
}
