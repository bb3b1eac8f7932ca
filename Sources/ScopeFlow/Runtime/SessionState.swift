/// The mutable part of a ``Session``, guarded by the session's lock: the
/// variables' values and the compiled plans.
struct SessionState {
    /// The value of each variable, by variable slot; nil until assigned.
    var variables: [HostTensor?] = []
    /// Changes whenever a variable may have changed (a run that writes variables, an
    /// `assignValue`): a compiled plan whose arena copies were made at the current epoch
    /// needs not copy them again.
    var variableEpoch = 0
    /// The variable slot of each `VariableV2` op seen so far, by op id.
    var variableSlots: [Int: Int] = [:]
    /// Kernels that carry state between runs (random ops), by op id, shared by
    /// all plans of the session as TF shares them.
    var statefulKernels: [Int: Kernel] = [:]
    /// Compiled plans by signature (see ``Session``'s plan key).
    var plans: [[Int]: Plan] = [:]
    /// Whether new plans compile after their first run (see ``Session/init(graph:compilesPlans:)``).
    var compilesPlans = true
    /// The signature and plan of the latest run: the fast path for a repeated run.
    var lastKey: [Int] = []
    var lastPlan: Plan?

    /// The plan for signature `key`, compiled by `compile` the first time it is asked for.
    mutating func plan(for key: [Int], compile: (inout SessionState) throws -> Plan) rethrows -> Plan {
        if let lastPlan, key == lastKey { return lastPlan }
        let plan: Plan
        if let cached = plans[key] {
            plan = cached
        } else {
            plan = try compile(&self)
            plans[key] = plan
        }
        lastKey = key
        lastPlan = plan
        return plan
    }

    /// The slot holding the value of the variable defined by `op` (a `VariableV2`).
    mutating func variableSlot(for op: Operation) -> Int {
        if let slot = variableSlots[op.id] { return slot }
        let slot = variables.count
        variables.append(nil)
        variableSlots[op.id] = slot
        return slot
    }
}

extension Tensor {
    /// The tensor as one integer, unique within its graph: how plan keys and
    /// the plan compiler identify tensors without strings.
    var planCode: Int { op.id << 24 | index }
}
