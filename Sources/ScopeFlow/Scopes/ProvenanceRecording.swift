extension Graph {
    /// Records how `variable` was created, and warns about `Variable(...)` in a reusing scope.
    func recordCreation(
        of variable: Variable, name: String?, creator: VariableProvenance.Creator, callerScopes: ScopeState,
        location: SourceLocation
    ) {
        guard recordsProvenance else { return }
        let scope = callerScopes.variableScope
        let use = VariableProvenance.Use(
            location: location, created: true, reuse: scope.reuse, variableScope: scope.name,
            nameScope: callerScopes.nameStack)
        let asked: String
        switch creator {
        case .variable:
            let base = name ?? "Variable"
            asked = Names.endsWithSlash(base) || callerScopes.nameStack.isEmpty ? base : Names.path(callerScopes.nameStack, base)
        case .getVariable(let key): asked = key
        }
        let collision: NameProvenance.Collision? = state.withLock { state in
            guard Names.fromScopeName(asked) != variable.op.name, let taken = state.namesInUse[FoldedName(asked)] else {
                return nil
            }
            return NameProvenance.Collision(
                requested: asked, takenBy: taken.owner, takenByNameScope: taken.kind == .nameScope)
        }
        let provenance = VariableProvenance(
            creator: creator, requestedName: requestedName(creator, name: name, scope: scope.name),
            nameScope: callerScopes.nameStack, variableScope: scope.name, reuse: scope.reuse, location: location,
            uses: [use], collision: collision)
        var warning: GraphWarning?
        if creator == .variable, scope.reuse != .inherit {
            warning = GraphWarning(
                kind: .variableInReuseScope, name: variable.name,
                message: "Variable(name: \"\(name ?? "Variable")\") inside the reusing variable scope "
                    + "'\(scope.name)' created a new variable \(variable.name) instead of sharing one; "
                    + "use getVariable(\"\(name ?? "Variable")\") to share.",
                location: location)
        }
        withSideTable(ProvenanceTable.self) { table in
            table.variables[ObjectIdentifier(variable.op)] = provenance
            if let warning { table.warnings.append(warning) }
        }
    }

    /// The name the creating call asked for: `Variable(name:)`'s, or getVariable's short name.
    private func requestedName(_ creator: VariableProvenance.Creator, name: String?, scope: String) -> String? {
        guard case .getVariable(let key) = creator else { return name }
        return scope.isEmpty ? key : String(decoding: key.utf8.dropFirst(scope.utf8.count + 1), as: UTF8.self)
    }

    /// Records that a `getVariable` call returned the existing `variable`.
    func recordReuse(of variable: Variable, reuse: Reuse, callerScopes: ScopeState, location: SourceLocation) {
        guard recordsProvenance else { return }
        let use = VariableProvenance.Use(
            location: location, created: false, reuse: reuse, variableScope: callerScopes.variableScope.name,
            nameScope: callerScopes.nameStack)
        withSideTable(ProvenanceTable.self) { table in
            guard var provenance = table.variables[ObjectIdentifier(variable.op)] else { return }
            if reuse == .auto, use.nameScope != provenance.nameScope {
                table.warnings.append(
                    GraphWarning(
                        kind: .autoReuseAcrossCallSites, name: variable.name,
                        message: "reuse: .auto shared \(variable.name), created at \(provenance.location) under "
                            + "name scope '\(provenance.nameScope)', with a call under name scope '\(use.nameScope)'. "
                            + "If both call sites should own separate variables, give them different variable scopes; "
                            + "if sharing is intended, say so with reuse: .reuse.",
                        location: location))
            }
            provenance.uses.append(use)
            table.variables[ObjectIdentifier(variable.op)] = provenance
        }
    }

    /// How `variable` was created and every call that received it.
    public func provenance(of variable: Variable) -> VariableProvenance? {
        withSideTable(ProvenanceTable.self) { $0.variables[ObjectIdentifier(variable.op)] }
    }

    /// The warnings collected while building, plus variables no op reads.
    public var warnings: [GraphWarning] {
        let (recorded, provenance, ops) = state.withLock { state in
            let table = state.withSideTable(ProvenanceTable.self) { $0 }
            return (table.warnings, table.variables, state.operations)
        }
        var consumed = Set<String>()
        for op in ops {
            for input in op.inputs {
                let own = op.name == input.op.name + "/Assign" || op.name == input.op.name + "/read"
                if !own { consumed.insert(input.op.name) }
            }
        }
        for op in ops where op.type == "VariableV2" && consumed.contains(op.name + "/read") {
            consumed.insert(op.name)
        }
        let unused = ops.filter { $0.type == "VariableV2" && !consumed.contains($0.name) }.map { op in
            GraphWarning(
                kind: .unusedVariable, name: op.name + ":0",
                message: "Variable \(op.name):0 is created but no op reads it; remove it or use it.",
                location: provenance[ObjectIdentifier(op)]?.location ?? op.location)
        }
        return recorded + unused
    }
}
