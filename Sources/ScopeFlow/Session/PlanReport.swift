/// How one run signature (fetches, feeds, targets) of a ``Session`` executes;
/// see ``Session/planReports()``.
public struct PlanReport: Sendable, CustomStringConvertible {
    /// The fetches, feeds and targets, by name.
    public let signature: String
    /// The kernel steps the interpreter runs.
    public let steps: Int
    /// The steps of the compiled plan (after dropping unread values and folding
    /// copies); nil while the plan runs on the interpreter.
    public let compiledSteps: Int?
    /// Why the plan runs on the interpreter: the first op or value that has no
    /// compiled form. Nil when compiled, and before the plan's first run finished.
    public let interpretedBecause: String?

    public var description: String {
        if let compiledSteps { return "\(signature) — compiled, \(compiledSteps) steps (\(steps) interpreted)" }
        return "\(signature) — interpreted, \(steps) steps" + (interpretedBecause.map { ": " + $0 } ?? "")
    }
}
