/// A static tensor shape that may be partly or wholly unknown, as TensorFlow's
/// `TensorShape`: `dims == nil` is an unknown rank, a `nil` dimension is an
/// unknown size.
///
/// ```swift
/// let s: Shape = [2, nil]      // rank 2, second dimension unknown
/// print(s)                     // (2, ?)
/// ```
public struct Shape: Sendable, Hashable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The dimensions, or nil when even the rank is unknown.
    public let dims: [Int?]?

    /// A shape with the given dimensions (`nil` entries are unknown sizes).
    public init(_ dims: [Int?]) { self.dims = dims }

    /// A fully known shape.
    public init(known dims: [Int]) { self.dims = dims.map { Optional($0) } }

    /// A shape of unknown rank.
    public static let unknown = Shape(unknownRank: ())

    private init(unknownRank: Void) { self.dims = nil }

    public init(arrayLiteral elements: Int?...) { self.dims = elements }

    /// The scalar shape `()`.
    public static let scalar = Shape([])

    /// The rank, or nil when unknown.
    public var rank: Int? { dims?.count }

    /// True when the rank and every dimension are known.
    public var isFullyDefined: Bool { dims?.allSatisfy { $0 != nil } ?? false }

    /// The dimensions when fully defined.
    public var knownDims: [Int]? {
        guard let dims, isFullyDefined else { return nil }
        return dims.map { $0! }
    }

    /// The number of elements when fully defined; nil when a dimension is unknown or the count
    /// does not fit an `Int` (a shape such as `[2^40, 2^40]`, which no tensor can have).
    public var elementCount: Int? { knownDims?.checkedProduct }

    /// True when some tensor could have both shapes (TF's `is_compatible_with`).
    public func isCompatible(with other: Shape) -> Bool {
        guard let a = dims, let b = other.dims else { return true }
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in x == nil || y == nil || x == y }
    }

    /// The most specific shape compatible with both, or nil if they conflict
    /// (TF's `merge_with`).
    public func merged(with other: Shape) -> Shape? {
        guard let a = dims else { return other }
        guard let b = other.dims else { return self }
        guard a.count == b.count else { return nil }
        var out: [Int?] = []
        for (x, y) in zip(a, b) {
            if let x, let y, x != y { return nil }
            out.append(x ?? y)
        }
        return Shape(out)
    }

    /// TF's Python spelling, `(2, ?)`, `(3,)`, `()` or `<unknown>`.
    public var description: String {
        guard let dims else { return "<unknown>" }
        let parts = dims.map { $0.map(String.init) ?? "?" }
        return parts.count == 1 ? "(\(parts[0]),)" : "(" + parts.joined(separator: ", ") + ")"
    }
}
