/// How many outputs an op type has and of which dtypes, read from its attributes as
/// TensorFlow's op registry defines them: what importing a `NodeDef` needs to know
/// about an op type before any shape function runs.
struct OutputSignature: Sendable {
    /// How the number of outputs is told.
    enum Count: Sendable {
        /// Always this many.
        case fixed(Int)
        /// An int attribute (`num_split`, `N` …), at least `minimum`.
        case attr(String, minimum: Int)
        /// One per type of a type-list attribute (`RestoreV2`'s `dtypes`, `IdentityN`'s `T`).
        case listed(String)
    }

    /// How the dtype of the outputs is told.
    enum Element: Sendable {
        /// The `dtype` attribute, else the `T` attribute (most ops).
        case typeAttr
        /// A named type attribute, `fallback` when it is absent (TF's default).
        case attr(String, fallback: DType)
        /// Always this dtype.
        case fixed(DType)
        /// The types of a type-list attribute, one per output.
        case listed(String)
        /// One rule per output (`Merge`: `T`, then int32; `TensorArrayV3`: resource, then float).
        indirect case each([Element])
    }

    let count: Count
    let element: Element

    /// One output of the `dtype` or `T` attribute's type.
    static let standard = OutputSignature(count: .fixed(1), element: .typeAttr)
    /// No outputs (`NoOp`, `SaveV2` …).
    static let none = OutputSignature(count: .fixed(0), element: .typeAttr)
    /// Two outputs of the `T` type (`BroadcastGradientArgs`, the cross-entropies).
    static let two = OutputSignature(count: .fixed(2), element: .typeAttr)
    /// One bool output (comparisons, logical ops, `IsNan` …).
    static let bool = OutputSignature(count: .fixed(1), element: .fixed(.bool))
    /// `Merge`'s outputs: the merged value of type `T`, then the int32 index of the input taken.
    static let merged = OutputSignature(count: .fixed(2), element: .each([.typeAttr, .fixed(.int32)]))

    /// One output per rule, in order.
    static func each(_ elements: [Element]) -> OutputSignature {
        OutputSignature(count: .fixed(elements.count), element: .each(elements))
    }
    /// One string output (summaries).
    static let string = OutputSignature(count: .fixed(1), element: .fixed(.string))

    /// One output whose dtype is the attribute `attr`, `fallback` when absent.
    static func typed(by attr: String, fallback: DType) -> OutputSignature {
        OutputSignature(count: .fixed(1), element: .attr(attr, fallback: fallback))
    }

    /// As many outputs as the int attribute `attr` says, at least `minimum`, of `element`'s dtype.
    static func counted(by attr: String, minimum: Int, element: Element = .typeAttr) -> OutputSignature {
        OutputSignature(count: .attr(attr, minimum: minimum), element: element)
    }

    /// One output per type of the type-list attribute `attr`.
    static func listed(by attr: String) -> OutputSignature {
        OutputSignature(count: .listed(attr), element: .listed(attr))
    }
}

extension OutputSignature {
    /// How the registry listing shows a signature other than ``standard``; nil for that one.
    var listingName: String? {
        let count: String? =
            switch self.count {
            case .fixed(1): nil
            case .fixed(let n): "\(n)"
            case .attr(let attr, let minimum): "\(attr)>=\(minimum)"
            case .listed(let attr): "one per \(attr)"
            }
        let element: String? =
            switch self.element {
            case .typeAttr: nil
            case .attr(let attr, let fallback): "\(attr)|\(fallback)"
            case .fixed(let dtype): "\(dtype)"
            case .listed: nil
            case .each(let elements): elements.map(\.listingName).joined(separator: ",")
            }
        let parts = [count, element].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}

extension OutputSignature.Element {
    /// How the listing shows one rule: `T`, `int32`, `dtype|float32` …
    fileprivate var listingName: String {
        switch self {
        case .typeAttr: "T"
        case .attr(let attr, let fallback): "\(attr)|\(fallback)"
        case .fixed(let dtype): "\(dtype)"
        case .listed(let attr): "[\(attr)]"
        case .each(let elements): elements.map(\.listingName).joined(separator: ",")
        }
    }
}
