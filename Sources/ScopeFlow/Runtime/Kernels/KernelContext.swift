/// A kernel bound to one op's attributes: computes the op's outputs from its
/// input values. Built once per compiled plan, called on every run.
typealias Kernel = @Sendable ([HostTensor]) throws -> [HostTensor]

/// Builds the ``Kernel`` of one op from its attributes. All attribute parsing
/// and validation happens here, once, not per run.
typealias KernelFactory = @Sendable (KernelContext) throws -> Kernel

/// The fast form of a kernel with exactly one output: no result array, and
/// the inputs come by `inout` so the kernel may move them out (`removeLast`)
/// and write its output over an input's buffer when nothing else holds it. A plan runs the ops that have this form
/// through it; every such op also has the general ``Kernel`` form.
typealias SingleOutputKernel = @Sendable (inout [HostTensor]) throws -> HostTensor

/// Builds the ``SingleOutputKernel`` of one op from its attributes.
typealias SingleOutputKernelFactory = @Sendable (KernelContext) throws -> SingleOutputKernel

/// What a kernel factory knows about the op it builds a kernel for.
struct KernelContext: Sendable {
    /// The op type (`"MatMul"`).
    let opType: String
    /// The op's full name, for error messages.
    let opName: String
    /// The op's attributes by TensorFlow attribute name.
    let attrs: AttrMap
    /// Which GEMM the matrix-product and convolution kernels use (tests pin it).
    var gemm: GemmBackend = .automatic
    /// The generator a random op's kernel draws from; nil makes the kernel seed its own. A session
    /// passes each random op's one stream, which all its plans share and its loops reorder.
    var philox: PhiloxStream?

    /// The attribute `key`, or a clear error naming the op when it is missing.
    func attr(_ key: String) throws -> AttrValue {
        guard let value = attrs[key] else {
            throw ScopeFlowError(
                .invalidArgument, "Op '\(opName)' of type \(opType) has no attribute '\(key)'; add it to the op.",
                names: [opName])
        }
        return value
    }

    /// A boolean attribute, `defaultValue` when absent.
    func bool(_ key: String, default defaultValue: Bool) -> Bool { attrs[key]?.boolValue ?? defaultValue }
    /// An integer attribute, `defaultValue` when absent.
    func int(_ key: String, default defaultValue: Int) -> Int { attrs[key]?.intValue ?? defaultValue }
    /// A float attribute, `defaultValue` when absent.
    func float(_ key: String, default defaultValue: Double) -> Double { attrs[key]?.floatValue ?? defaultValue }
    /// A string attribute, `defaultValue` when absent.
    func string(_ key: String, default defaultValue: String) -> String { attrs[key]?.stringValue ?? defaultValue }
    /// An int-list attribute, `defaultValue` when absent.
    func ints(_ key: String, default defaultValue: [Int]) -> [Int] { attrs[key]?.intsValue ?? defaultValue }
}

/// Namespace for the kernel families; each lives in its own file, and
/// each op's definition (`Definitions/`) names the kernel it runs.
enum Kernels {}
