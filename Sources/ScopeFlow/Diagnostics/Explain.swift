/// A plain-English account of how a name in a graph came to be.
public struct Explanation: Sendable, CustomStringConvertible {
    /// The name that was explained (`"my_scope/var2:0"`).
    public let name: String
    /// The op the name belongs to.
    public let operation: Operation
    /// How the op got its name.
    public let nameProvenance: NameProvenance
    /// How the variable was created and shared, when the name is a variable's.
    public let variableProvenance: VariableProvenance?
    /// The explanation in words.
    public let description: String
}

extension Graph {
    /// Explains a name: `"scope/v:0"`, `"scope/v"`, or a `getVariable` key.
    ///
    /// ```swift
    /// print(try graph.explain("var1:0"))
    /// // `var1:0` — created by getVariable("var1") at Model.swift:11; the enclosing
    /// // nameScope("my_scope") does not apply to getVariable; use variableScope to prefix it.
    /// ```
    /// - Throws: ``ScopeFlowError/Code/notFound`` naming the closest existing name, or when
    ///   `name` asks for an output the op does not have (`"scope/v:7"`).
    public func explain(_ name: String) throws -> Explanation {
        let colon = name.lastIndex(of: ":")
        let opName = colon.map { String(name[..<$0]) } ?? name
        let outputIndex = try colon.map { colon in
            guard let index = Int(name[name.index(after: colon)...]), index >= 0 else {
                throw ScopeFlowError(
                    .notFound, "'\(name)' is not a tensor name: the part after ':' must be an output number.",
                    names: [name])
            }
            return index
        }
        let (op, shared) = state.withLock {
            ($0.operationsByName[ExactName(opName)], $0.sharedVariables[ExactName(opName)])
        }
        guard let operation = shared?.op ?? op else {
            let closest = EditDistance.closest(to: opName, in: operations.map(\.name))
            throw ScopeFlowError(
                .notFound,
                "No op or variable named '\(name)' in this graph"
                    + (closest.map { "; did you mean '\($0)'?" } ?? "."),
                names: [name])
        }
        if let outputIndex, !operation.outputTypes.indices.contains(outputIndex) {
            throw ScopeFlowError(
                .notFound,
                "'\(operation.name)' (\(operation.type)) has \(operation.outputTypes.count) output"
                    + (operation.outputTypes.count == 1 ? "" : "s") + ", so there is no tensor '\(name)'.",
                names: [name])
        }
        let variable = withSideTable(ProvenanceTable.self) { $0.variables[ObjectIdentifier(operation)] }
        let shownName =
            operation.outputTypes.isEmpty ? operation.name : operation.name + ":" + String(outputIndex ?? 0)
        let text =
            (variable.map { describe(variable: $0, name: shownName, op: operation) }
                ?? describe(op: operation, name: shownName)) + Self.controlFlowSentence(operation)
        return Explanation(
            name: shownName, operation: operation, nameProvenance: operation.provenance, variableProvenance: variable,
            description: text)
    }

    private func describe(op: Operation, name: String) -> String {
        if op.location == .importedFromGraphDef { return describe(imported: op, name: name) }
        let p = op.provenance
        var text = "`\(name)` — created by a \(op.type) op"
        text += p.usedDefaultName ? " (default name \"\(p.requestedName)\")" : " named \"\(p.requestedName)\""
        text += (op.location.fileID.isEmpty ? "" : " at \(op.location)") + Self.inside(nameScope: p.nameScope) + "."
        return text + collisionSentence(p.collision)
    }

    /// An imported op keeps its GraphDef name as written (plus the import prefix): no scope
    /// or uniquing applies here, and there is no Swift source to point at.
    private func describe(imported op: Operation, name: String) -> String {
        let parts = op.name.split(separator: "/")
        var text =
            "`\(name)` — imported from a GraphDef: node \"\(op.name)\", op \(op.type) (no Swift source location;"
            + " imported names are kept as written, so no name scope or uniquing was applied on import)."
        text +=
            parts.count > 1
            ? " It belongs to name scope \"\(parts.dropLast().joined(separator: "/"))\"."
            : " It is at the root name scope."
        if let last = parts.last, let underscore = last.lastIndex(of: "_"),
            Int(last[last.index(after: underscore)...]) != nil
        {
            let base = (parts.dropLast() + [last[..<underscore]]).joined(separator: "/")
            if operation(named: base) != nil {
                text += " Its suffix was added when the GraphDef was built: `\(base)` was already taken."
            }
        }
        return text
    }

    private func describe(variable v: VariableProvenance, name: String, op: Operation) -> String {
        var text: String
        switch v.creator {
        case .variable:
            let asked = v.requestedName.map { "name: \"\($0)\"" } ?? ""
            text =
                "`\(name)` — created by Variable(\(asked)) at \(v.location)" + Self.inside(nameScope: v.nameScope) + "."
            if v.reuse != .inherit {
                text +=
                    " The variable scope '\(v.variableScope)' was reusing, but Variable(...) never shares: "
                    + "this is a new variable; use getVariable to share."
            }
        case .getVariable(let key):
            text = "`\(name)` — created by getVariable(\"\(v.requestedName ?? key)\") at \(v.location)"
            text +=
                v.variableScope.isEmpty ? " at the root variable scope" : " in variableScope(\"\(v.variableScope)\")"
            if !v.nameScope.isEmpty, v.nameScope != v.variableScope {
                text +=
                    "; the enclosing nameScope(\"\(v.nameScope)\") does not apply to getVariable; "
                    + "use variableScope to prefix it"
            }
            text += ". It is shared under the key \"\(key)\"."
            let reuses = v.uses.filter { !$0.created }
            if !reuses.isEmpty {
                text +=
                    " Reused by getVariable at "
                    + reuses.map { "\($0.location) (reuse: .\(Self.spell($0.reuse)))" }.joined(separator: ", ") + "."
            }
        }
        return text + collisionSentence(v.collision)
    }

    private static func inside(nameScope: String) -> String {
        nameScope.isEmpty ? " at the root name scope" : " inside name scope \"\(nameScope)\""
    }

    private static func spell(_ reuse: Reuse) -> String {
        switch reuse {
        case .inherit: return "inherit"
        case .reuse: return "reuse"
        case .auto: return "auto"
        }
    }

    private func collisionSentence(_ collision: NameProvenance.Collision?) -> String {
        guard let c = collision else { return "" }
        let takerOp = operation(named: c.takenBy)
        let taker: String
        if takerOp?.type == "VariableV2" {
            taker = "the variable `\(c.takenBy):0`"
        } else {
            taker = c.takenByNameScope ? "the name scope `\(c.takenBy)/`" : "the op `\(c.takenBy)`"
        }
        return " A suffix was added because `\(c.requested)` was already taken by \(taker)"
            + " (names are unique per graph, case-insensitively)."
    }
}

extension Graph {
    /// Where a node sits in control flow, in words: the cond branch or while loop it was built in
    /// (`cond/…` and `while/…` names baffle TF1 users), or what a control-flow primitive does.
    fileprivate static func controlFlowSentence(_ op: Operation) -> String {
        var text = ""
        switch op.controlFlowContext {
        case let cond as CondContext:
            // The predicate as the user gave it: `pred_id` is TF's Identity of it.
            let pred = cond.pred.op.type == "Identity" ? cond.pred.op.inputs.first ?? cond.pred : cond.pred
            text +=
                " It is built in the \(cond.branch == 1 ? "true" : "false") branch of cond "
                + "'\(scope(of: cond.name))': it runs only when \(pred.name) is \(cond.branch == 1), and is dead (not "
                + "computed) otherwise."
        case let loop as WhileContext:
            text +=
                " It is built in while loop '\(scope(of: loop.name))' (frame \(loop.name)): it runs once per "
                + "iteration, so it has no single value to fetch; return it from the body as a loop variable to see it."
        default:
            break
        }
        if let role = controlFlowRoles[op.type] { text += " " + role }
        return text
    }

    /// The name scope a context was built in: its name without the last part (`cond/cond_text`).
    private static func scope(of contextName: String) -> String {
        contextName.split(separator: "/").dropLast().joined(separator: "/")
    }

    private static let controlFlowRoles: [String: String] = [
        "Switch": "A Switch passes its input to output 1 when its predicate is true, to output 0 when false; the "
            + "other output is dead.",
        "RefSwitch": "A RefSwitch passes a variable's reference to output 1 when its predicate is true, to output 0 "
            + "when false; the other output is dead.",
        "Merge": "A Merge forwards whichever of its inputs is alive (the branch taken, or the loop's next iteration).",
        "Enter": "An Enter makes a value from outside available in a while loop's frame.",
        "Exit": "An Exit hands a loop variable's last value to the code after the loop.",
        "NextIteration": "A NextIteration passes a loop variable to the loop's next iteration.",
        "LoopCond": "A LoopCond is a while loop's condition: true runs the body again, false leaves through the Exits.",
    ]
}
