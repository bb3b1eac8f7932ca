/// The mutable part of a ``Session``, guarded by the session's lock: the
/// variables' values, the compiled plans and the bookkeeping of runs in flight.
///
/// A run holds the lock only to check a plan out, to take the values of the variables it uses
/// and to put back those it wrote: it executes outside the lock, holding the ``ResourceLock``s
/// of what it touches, so runs on different variables go on at the same time.
struct SessionState {
    /// The value of each variable, by variable slot; nil until assigned, and while a run that
    /// writes the variable holds it (so that run owns the only reference and updates in place).
    var variables: [HostTensor?] = []
    /// Changes whenever a variable may have changed (a run that writes variables, an
    /// `assignValue`): a compiled plan whose arena copies were made at the current epoch
    /// needs not copy them again. Never goes back to a value it had.
    var variableEpoch = 0
    /// No epoch above this was ever handed out, to the session or to a run in flight.
    private var highestEpoch = 0
    /// Runs started so far, and runs not yet ended.
    private var runsStarted = 0
    private var runsInFlight = 0
    /// The most runs that were in flight at once since the last reset (for tests).
    var peakRunsInFlight = 0
    /// The lock of each variable slot and random stream that some run used.
    private var resourceLocks: [ResourceLock.Key: ResourceLock] = [:]
    /// The variable slot of each `VariableV2` op seen so far, by op id.
    var variableSlots: [Int: Int] = [:]
    /// Kernels that carry state between runs (random ops) and their generators, by op id, shared
    /// by all plans of the session as TF shares them.
    var statefulKernels: [Int: (kernel: Kernel, stream: PhiloxStream)] = [:]
    /// Compiled plans by signature (see ``Session``'s plan key).
    var plans: [[Int]: Plan] = [:]
    /// Idle extra plans by signature, made when a signature's plan was busy with another run.
    private var sparePlans: [[Int]: [Plan]] = [:]
    /// Whether new plans compile after their first run (see ``Session/init(graph:compilesPlans:)``).
    var compilesPlans = true
    /// The signature and plan of the latest run: the fast path for a repeated run.
    var lastKey: [Int] = []
    var lastPlan: Plan?

    /// Checks out a plan for signature `key` for one run, compiled by `compile` the first time
    /// it is asked for (or when every plan of the signature is running). ``checkIn(_:key:)``
    /// returns it.
    mutating func checkOutPlan(for key: [Int], compile: (inout SessionState) throws -> Plan) rethrows -> Plan {
        let plan: Plan
        if let lastPlan, !lastPlan.inUse, key == lastKey {
            plan = lastPlan
        } else if let cached = plans[key], !cached.inUse {
            plan = cached
        } else if let spare = sparePlans[key]?.popLast() {
            plan = spare
        } else {
            plan = try compile(&self)
            if plans[key] == nil { plans[key] = plan } else { plan.isSpare = true }
        }
        if !plan.isSpare {
            lastKey = key
            lastPlan = plan
        }
        plan.inUse = true
        return plan
    }

    /// Returns a plan checked out by ``checkOutPlan(for:compile:)``.
    mutating func checkIn(_ plan: Plan, key: [Int]) {
        plan.inUse = false
        if plan.isSpare { sparePlans[key, default: []].append(plan) }
    }

    /// The locks a run of `plan` holds, in acquisition order: looked up on the plan's first run,
    /// then kept with the plan (the session's locks never change).
    mutating func claims(for plan: Plan) -> [ResourceLock.Claim] {
        if let claims = plan.claims { return claims }
        let claims = plan.resources.map { ResourceLock.Claim(lock: resourceLock(for: $0.key), exclusive: $0.exclusive) }
        plan.claims = claims
        return claims
    }

    /// The lock of `key`, made the first time a run asks for it.
    mutating func resourceLock(for key: ResourceLock.Key) -> ResourceLock {
        if let lock = resourceLocks[key] { return lock }
        let lock = ResourceLock()
        resourceLocks[key] = lock
        return lock
    }

    /// Starts a run of `plan`, whose locks the caller holds: the values of the plan's variables,
    /// those it writes moved out of the session (so the run updates them in place).
    mutating func beginRun(of plan: Plan) -> RunVariables {
        runsStarted += 1
        runsInFlight += 1
        peakRunsInFlight = max(peakRunsInFlight, runsInFlight)
        var values = [HostTensor?](repeating: nil, count: variables.count)
        for resource in plan.resources where resource.key.value & 1 == 0 {
            let slot = resource.key.value >> 1
            values[slot] = resource.exclusive ? variables[slot].take() : variables[slot]
        }
        // A run advances its epoch by at most one; reserving it keeps fresh epochs above it.
        highestEpoch = max(highestEpoch, variableEpoch + 1)
        return RunVariables(
            values: values, epoch: variableEpoch, startEpoch: variableEpoch, startedAlone: runsInFlight == 1,
            number: runsStarted)
    }

    /// Ends a run begun by ``beginRun(of:)``: the variables it wrote go back to the session, and
    /// the session's epoch moves on when they may have changed.
    mutating func endRun(_ run: inout RunVariables, of plan: Plan) {
        for slot in plan.writtenVariables { variables[slot] = run.values[slot].take() }
        runsInFlight -= 1
        guard run.epoch != run.startEpoch else { return }
        let wasAlone = run.startedAlone && runsStarted == run.number && variableEpoch == run.startEpoch
        // Alone, the run's own epoch is the session's (so its compiled plan needs not reload
        // the variables next time); runs that overlapped share no epoch, so take a new one.
        variableEpoch = wasAlone ? run.epoch : highestEpoch + 1
        highestEpoch = max(highestEpoch, variableEpoch)
    }

    /// Marks the variables as changed outside a run (``Session/assignValue(_:to:)``).
    mutating func advanceEpoch() {
        highestEpoch += 1
        variableEpoch = highestEpoch
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

/// The variables a run works on, outside the session's lock.
struct RunVariables {
    /// The values of the run's variables by slot (nil for slots the run does not use).
    var values: [HostTensor?]
    /// The run's variable epoch, advanced by the plan when it writes.
    var epoch: Int
    /// The session's epoch when the run began.
    let startEpoch: Int
    /// No other run was in flight when this one began.
    let startedAlone: Bool
    /// The run's place in the order runs began.
    let number: Int
}

extension Tensor {
    /// The tensor as one integer, unique within its graph: how plan keys and
    /// the plan compiler identify tensors without strings.
    var planCode: Int { op.id << 24 | index }
}
