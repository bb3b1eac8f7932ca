import Foundation

/// How a value a replay computed compares with the one TensorFlow recorded.
public struct ValueComparison: Sendable, Equatable {
    /// Whether the value matches: same dtype and shape, equal ints and bools, floats within tolerance.
    public let matches: Bool
    /// What was found, in words: `"exact"`, `"max |diff| 3.2e-07"`, `"shape [2, 3] != [3, 2]"` ….
    public let detail: String
    /// The largest `|diff| / (atol + rtol·|expected|)` over the float elements (0 for other dtypes).
    public let worstRatio: Double

    /// Compares `actual` with `expected` as numpy's `allclose` does for floats (no NaN is equal),
    /// exactly for every other dtype.
    public init(_ actual: HostTensor, _ expected: HostTensor, tolerance: ReplayTrace.Tolerance) {
        guard actual.shape == expected.shape else {
            self.init(false, "shape \(actual.shape) != \(expected.shape)")
            return
        }
        guard actual.dtype == expected.dtype else {
            self.init(false, "dtype \(actual.dtype) != \(expected.dtype)")
            return
        }
        guard case .float32(let got) = actual.storage, case .float32(let want) = expected.storage else {
            let equal = actual.storage == expected.storage
            self.init(equal, equal ? "exact" : "values differ")
            return
        }
        var worstDiff = 0.0
        var worstRatio = 0.0
        var outside = 0
        var nans = 0
        for (a, e) in zip(got, want) {
            let diff = abs(Double(a) - Double(e))
            guard !diff.isNaN else {
                outside += 1
                nans += 1
                continue
            }
            let bound = tolerance.atol + tolerance.rtol * abs(Double(e))
            if diff > bound { outside += 1 }
            worstDiff = max(worstDiff, diff)
            worstRatio = max(worstRatio, bound > 0 ? diff / bound : (diff > 0 ? .infinity : 0))
        }
        if nans > 0 { worstRatio = .infinity }
        let diff = "max |diff| " + String(format: "%.3g", worstDiff) + (nans > 0 ? ", \(nans) NaN" : "")
        self.init(
            outside == 0, outside == 0 ? diff : "\(diff) (\(outside) of \(got.count) elements out of tolerance)",
            worstRatio: worstRatio)
    }

    private init(_ matches: Bool, _ detail: String, worstRatio: Double = 0) {
        self.matches = matches
        self.detail = detail
        self.worstRatio = worstRatio
    }
}
