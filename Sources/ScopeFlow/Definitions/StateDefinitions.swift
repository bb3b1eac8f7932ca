extension OpDefinitions {
    /// The ops a plan handles itself: placeholders, variables, their assignments and
    /// `IsVariableInitialized`, `NoOp`; and the scatter ops (`ScatterSub`, `ScatterUpdate` …), which
    /// write a variable's rows. None passes a gradient.
    static let state: [OpDefinition] = [
        OpDefinition("Placeholder", kernel: nil, execution: .placeholder, gradient: .notDifferentiable),
        OpDefinition("VariableV2", kernel: nil, execution: .variable, gradient: .notDifferentiable),
        OpDefinition("Assign", kernel: nil, execution: .assign, gradient: .notDifferentiable),
        OpDefinition("AssignAdd", kernel: nil, execution: .assign, gradient: .notDifferentiable),
        OpDefinition("AssignSub", kernel: nil, execution: .assign, gradient: .notDifferentiable),
        scatterOp("ScatterSub", Kernels.scatterSub),
        scatterOp("ScatterUpdate", Kernels.scatterUpdate, useLocking: true, gradient: .undefined),
        scatterOp("ScatterAdd", Kernels.scatterAdd),
        scatterOp("ScatterMul", Kernels.scatterMul),
        scatterOp("ScatterDiv", Kernels.scatterDiv),
        OpDefinition(
            "IsVariableInitialized", kernel: .general(Kernels.isVariableInitialized), execution: .initializedCheck,
            outputs: .bool, shape: .isVariableInitialized, gradient: .undefined),
        OpDefinition(
            "NoOp", kernel: nil, execution: .noOp, outputs: .none, shape: .noOutputs, gradient: .notDifferentiable),
    ]

    /// A scatter op writing the rows of its variable (TF's defaults: `use_locking` false, true for
    /// `ScatterUpdate`; TF registers no gradient for `ScatterUpdate` and a None one for the others).
    private static func scatterOp(
        _ type: String, _ op: TrainingOp, useLocking: Bool = false, gradient: GradientRule = .notDifferentiable,
        file: String = #fileID, line: Int = #line
    ) -> OpDefinition {
        OpDefinition(
            type, kernel: .general(op.kernel), execution: .training(op), shape: .scatterUpdate,
            attrDefaults: ["use_locking": .bool(useLocking)], gradient: gradient, file: file, line: line)
    }

    /// TF's stateful random ops on the Philox generator: one stream per op and session.
    static let random: [OpDefinition] = [
        OpDefinition(
            "RandomUniform", kernel: .general(Kernels.randomUniform), execution: .random, shape: .random,
            attrDefaults: randomSeedDefaults, gradient: .notDifferentiable),
        OpDefinition(
            "RandomStandardNormal", kernel: .general(Kernels.randomStandardNormal), execution: .random, shape: .random,
            attrDefaults: randomSeedDefaults, gradient: .notDifferentiable),
        OpDefinition(
            "TruncatedNormal", kernel: .general(Kernels.truncatedNormal), execution: .random, shape: .random,
            attrDefaults: randomSeedDefaults, gradient: .notDifferentiable),
        OpDefinition(
            "RandomUniformInt", kernel: .general(Kernels.randomUniformInt), execution: .random,
            shape: .randomUniformInt, attrDefaults: randomSeedDefaults, gradient: .notDifferentiable),
        candidateSampler("UniformCandidateSampler", Kernels.uniformCandidateSampler),
        candidateSampler("LogUniformCandidateSampler", Kernels.logUniformCandidateSampler),
        candidateSampler(
            "FixedUnigramCandidateSampler", Kernels.fixedUnigramCandidateSampler,
            defaults: [
                "vocab_file": .string(""), "distortion": .float(1), "num_reserved_ids": .int(0), "num_shards": .int(1),
                "shard": .int(0), "unigrams": .floats([]),
            ]),
    ]

    /// A candidate sampler: a random op with the sampled ids and two expected counts; TF
    /// registers no gradient for it (its callers stop gradients at its outputs).
    private static func candidateSampler(
        _ type: String, _ kernel: @escaping KernelFactory, defaults: AttrMap = [:], file: String = #fileID,
        line: Int = #line
    ) -> OpDefinition {
        var attrDefaults = randomSeedDefaults
        for (key, value) in defaults { attrDefaults[key] = value }
        return OpDefinition(
            type, kernel: .general(kernel), execution: .random,
            outputs: .each([.fixed(.int64), .fixed(.float32), .fixed(.float32)]), shape: .candidateSampler,
            attrDefaults: attrDefaults, gradient: .undefined, file: file, line: line)
    }

    /// TF's defaults of a random op's seeds: both 0, a nondeterministic stream.
    private static let randomSeedDefaults: AttrMap = ["seed": .int(0), "seed2": .int(0)]

    /// The optimizers' update ops (TF's `training_ops.cc`), writing a variable and its slots.
    static let training: [OpDefinition] = [
        trainingOp("ApplyGradientDescent", Kernels.applyGradientDescent),
        trainingOp("ApplyMomentum", Kernels.applyMomentum),
        trainingOp("ApplyAdam", Kernels.applyAdam),
        trainingOp("ApplyRMSProp", Kernels.applyRMSProp),
        trainingOp("ApplyAdagrad", Kernels.applyAdagrad, shape: .applyAdagrad, attrDefaults: adagradDefaults),
        trainingOp(
            "SparseApplyAdagrad", Kernels.sparseApplyAdagrad, shape: .sparseApplyAdagrad,
            attrDefaults: adagradDefaults),
        optimizerOp(.sparseApplyMomentum, Kernels.sparseApplyMomentum, attrDefaults: momentumDefaults),
        optimizerOp(.sparseApplyRMSProp, Kernels.sparseApplyRMSProp),
        optimizerOp(.applyCenteredRMSProp, Kernels.applyCenteredRMSProp),
        optimizerOp(.sparseApplyCenteredRMSProp, Kernels.sparseApplyCenteredRMSProp),
        optimizerOp(.applyAdadelta, Kernels.applyAdadelta),
        optimizerOp(.sparseApplyAdadelta, Kernels.sparseApplyAdadelta),
        optimizerOp(.applyFtrl, Kernels.applyFtrl, attrDefaults: ftrlDefaults),
        optimizerOp(.applyFtrlV2, Kernels.applyFtrlV2, attrDefaults: ftrlDefaults),
        optimizerOp(.sparseApplyFtrl, Kernels.sparseApplyFtrl, attrDefaults: ftrlDefaults),
        optimizerOp(.sparseApplyFtrlV2, Kernels.sparseApplyFtrlV2, attrDefaults: ftrlDefaults),
        optimizerOp(.applyProximalAdagrad, Kernels.applyProximalAdagrad),
        optimizerOp(.sparseApplyProximalAdagrad, Kernels.sparseApplyProximalAdagrad),
        optimizerOp(.applyProximalGradientDescent, Kernels.applyProximalGradientDescent),
        optimizerOp(.sparseApplyProximalGradientDescent, Kernels.sparseApplyProximalGradientDescent),
    ]

    /// TF's defaults of `SparseApplyMomentum`'s `use_locking` and `use_nesterov`.
    private static let momentumDefaults: AttrMap = ["use_locking": .bool(false), "use_nesterov": .bool(false)]
    /// TF's defaults of the FTRL ops' `use_locking` and `multiply_linear_by_lr`.
    private static let ftrlDefaults: AttrMap = ["use_locking": .bool(false), "multiply_linear_by_lr": .bool(false)]

    /// TF's defaults of the Adagrad ops' `use_locking` and `update_slots`.
    private static let adagradDefaults: AttrMap = ["use_locking": .bool(false), "update_slots": .bool(true)]

    /// The summary ops: serialized `Summary` protos as string scalars.
    static let summaries: [OpDefinition] = [
        OpDefinition("ScalarSummary", kernel: .general(Kernels.scalarSummary), outputs: .string, gradient: .undefined),
        OpDefinition(
            "HistogramSummary", kernel: .general(Kernels.histogramSummary), outputs: .string, gradient: .undefined),
        OpDefinition("MergeSummary", kernel: .general(Kernels.mergeSummary), outputs: .string, gradient: .undefined),
        OpDefinition(
            "ImageSummary", kernel: .general(Kernels.imageSummary), outputs: .string,
            attrDefaults: [
                "max_images": .int(3),
                "bad_color": .uint8Tensor(Kernels.imageSummaryBadColor, shape: [Kernels.imageSummaryBadColor.count]),
            ], gradient: .undefined),
    ]

    /// An optimizer op's definition: its kernel and plan role from `op`, its shape function from
    /// `layout`; `use_locking` defaults to false.
    private static func optimizerOp(
        _ layout: OptimizerOpLayout, _ op: TrainingOp, attrDefaults: AttrMap = ["use_locking": .bool(false)],
        file: String = #fileID, line: Int = #line
    ) -> OpDefinition {
        trainingOp(
            layout.type, op, shape: .optimizerUpdate(layout), attrDefaults: attrDefaults, file: file, line: line)
    }

    /// A training op's definition: its kernel and its plan role both come from `op`.
    private static func trainingOp(
        _ type: String, _ op: TrainingOp, shape: ShapeFunction? = nil, attrDefaults: AttrMap = [:],
        file: String = #fileID, line: Int = #line
    ) -> OpDefinition {
        OpDefinition(
            type, kernel: .general(op.kernel), execution: .training(op), shape: shape, attrDefaults: attrDefaults,
            gradient: .undefined, file: file, line: line)
    }
}
