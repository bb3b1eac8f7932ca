/// Which calls received each variable: the answer to "was this shared?".
public struct SharingReport: Sendable, CustomStringConvertible {
    /// One variable and the calls that received it.
    public struct Entry: Sendable {
        /// The variable's name (`"rnn/w:0"`).
        public let name: String
        /// How it was created and every call that returned it.
        public let provenance: VariableProvenance
        /// True when more than one call received the variable.
        public var isShared: Bool { provenance.uses.count > 1 }
    }

    /// Every variable, in creation order.
    public let entries: [Entry]

    public var description: String {
        entries.map { entry in
            let sites = entry.provenance.uses.map { use in
                "\(use.created ? "created" : "reused") at \(use.location)"
            }
            return "\(entry.name): " + sites.joined(separator: ", ")
        }.joined(separator: "\n")
    }
}

extension Graph {
    /// Per variable, every call site that received it (created here, reused there).
    public func sharingReport() -> SharingReport {
        let (ops, provenance) = state.withLock { state in
            (state.operations, state.withSideTable(ProvenanceTable.self) { $0.variables })
        }
        return SharingReport(
            entries: ops.compactMap { op in
                provenance[ObjectIdentifier(op)].map { SharingReport.Entry(name: op.name + ":0", provenance: $0) }
            })
    }
}

/// Checks that two variables are one shared variable; the error explains both
/// when they are not (useful in tests: `try expectShared(trainW, testW)`).
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` with both variables' explanations.
public func expectShared(_ a: Variable, _ b: Variable) throws {
    guard a !== b else { return }
    let explainA = (try? a.graph.explain(a.name).description) ?? a.name
    let explainB = (try? b.graph.explain(b.name).description) ?? b.name
    throw ScopeFlowError(
        .invalidArgument,
        "\(a.name) and \(b.name) are different variables, not one shared variable.\n\(explainA)\n\(explainB)",
        names: [a.name, b.name])
}
