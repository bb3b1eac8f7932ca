extension OpDefinitions {
    /// The definitions of `IsFinite`, `IsNan` and `IsInf`: bool tests of each float element,
    /// through which no gradient flows.
    static let floatClasses: [OpDefinition] = [
        OpDefinition(
            "IsFinite", kernel: .general(FloatClass.finite.kernel), outputs: .bool, shape: .floatClass,
            gradient: .notDifferentiable),
        OpDefinition(
            "IsNan", kernel: .general(FloatClass.nan.kernel), outputs: .bool, shape: .floatClass,
            gradient: .notDifferentiable),
        OpDefinition(
            "IsInf", kernel: .general(FloatClass.infinite.kernel), outputs: .bool, shape: .floatClass,
            gradient: .notDifferentiable),
    ]
}
