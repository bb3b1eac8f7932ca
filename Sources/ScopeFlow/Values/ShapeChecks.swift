import Foundation

/// The checks every number that sizes an allocation or goes into an index
/// tensor passes first, whether a caller gave it to the API (`zeros(shape:)`,
/// `getVariable(shape:)`, `tile(multiples:)` …) or a fed tensor holds it at run
/// time (`Fill`'s dims, `Tile`'s multiples …): ScopeFlow never traps on such a
/// number and never tries an allocation the machine cannot hold.
enum ShapeCheck {
    /// The element count of `dims`, computed with overflow checks.
    ///
    /// - Parameters:
    ///   - name: the op, variable or input the shape belongs to, for the message.
    ///   - allowUnknown: accept `-1` for a size not known yet (it counts as 1).
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a negative size (TF's
    ///   "Dimension -3 must be >= 0") or a count above `2^63 - 1`.
    static func elementCount(_ dims: [Int], of name: String, allowUnknown: Bool = false) throws -> Int {
        let known = allowUnknown ? dims.filter { $0 != -1 } : dims
        if let dim = known.first(where: { $0 < 0 }) {
            let allowed = allowUnknown ? "a size >= 0, or -1 for a size not known yet" : "sizes >= 0"
            throw ScopeFlowError(
                .invalidArgument,
                "Dimension \(dim) must be >= 0 (shape \(bracketed(dims)) of '\(name)'); give \(allowed).",
                names: [name])
        }
        guard let count = known.checkedProduct else {
            throw ScopeFlowError(
                .invalidArgument,
                "Shape \(bracketed(dims)) of '\(name)' would have more than 2**63 - 1 elements; "
                    + "use smaller dimensions.",
                names: [name])
        }
        return count
    }

    /// Checks that each dimension of `shape` is unknown or `>= 0` and that the known ones
    /// multiply without overflow (TF's `TensorShape` check).
    static func validate(_ shape: Shape, of name: String) throws {
        guard let dims = shape.dims else { return }
        _ = try elementCount(dims.map { $0 ?? 1 }, of: name)
    }

    /// `size + before + after`, checked as TF's Pad checks it: no overflow, never negative.
    ///
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` otherwise.
    static func paddedSize(_ size: Int, _ before: Int, _ after: Int, of name: String) throws -> Int {
        let (partial, overflow1) = size.addingReportingOverflow(before)
        let (total, overflow2) = partial.addingReportingOverflow(after)
        guard !overflow1, !overflow2, total >= 0 else {
            throw ScopeFlowError(
                .invalidArgument,
                "Padding [\(before), \(after)] of a dimension of size \(size) gives an invalid size for '\(name)'; "
                    + "the padded size must be between 0 and 2**63 - 1.",
                names: [name])
        }
        return total
    }

    /// `value` as the `Int32` TensorFlow stores it in, or an error naming `role`
    /// when it does not fit.
    ///
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` outside `[-2^31, 2^31)`.
    static func int32(_ value: Int, _ role: String, of name: String) throws -> Int32 {
        guard let narrow = Int32(exactly: value) else {
            throw ScopeFlowError(
                .invalidArgument,
                "\(role) \(value) of '\(name)' does not fit in int32, where TensorFlow stores it; "
                    + "use a value in [-2147483648, 2147483647].",
                names: [name])
        }
        return narrow
    }

    /// Checks that `count` elements of `dtype` fit in this machine's memory before
    /// they are allocated.
    ///
    /// - Parameter shape: the shape being allocated, for the message.
    /// - Throws: ``ScopeFlowError/Code/resourceExhausted`` with the byte size, as TF's
    ///   "OOM when allocating tensor with shape[…]".
    static func allocation(_ count: Int, of dtype: DType, shape: [Int], for name: String) throws {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.byteWidth)
        guard overflow || bytes > memoryLimit else { return }
        let size = overflow ? "more than 2**63 - 1 bytes" : "\(bytes) bytes"
        throw ScopeFlowError(
            .resourceExhausted,
            "OOM when allocating tensor with shape \(bracketed(shape)) and type \(dtype) for '\(name)': \(size), "
                + "more than this machine's \(memoryLimit) bytes of memory. Use a smaller shape.",
            names: [name])
    }

    /// The most bytes one tensor may take: the machine's physical memory.
    static let memoryLimit = Int(clamping: ProcessInfo.processInfo.physicalMemory)

    /// A shape as TensorFlow prints it: `[2,3]`.
    static func bracketed(_ dims: [Int]) -> String {
        "[" + dims.map(String.init).joined(separator: ",") + "]"
    }
}

extension DType {
    /// Bytes one element takes in a host tensor (a string counts its Swift `String` header).
    var byteWidth: Int {
        switch self {
        case .bool: return 1
        case .float16: return 2
        case .float32, .int32: return 4
        case .float64, .int64, .resource: return 8
        case .string: return MemoryLayout<String>.stride
        }
    }
}
