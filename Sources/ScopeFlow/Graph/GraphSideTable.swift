/// State that a layer above the graph keeps per graph, without the graph knowing its type.
///
/// The graph layer only holds names, ops, collections and scopes. Diagnostics (variable
/// provenance and warnings) and autodiff (cached reduction shapes) keep their own per-graph state
/// in a side table: a type conforming to this protocol, made empty on first use and reached with
/// ``Graph/withSideTable(_:_:)``, which runs under the graph's lock.
///
/// ```swift
/// struct BuildCounts: GraphSideTable {
///     var built = 0
/// }
/// graph.withSideTable(BuildCounts.self) { $0.built += 1 }
/// ```
///
/// A table is `Sendable` because the graph that holds it is shared between tasks.
protocol GraphSideTable: Sendable {
    /// An empty table, as a graph holds before its first use.
    init()
}

extension Graph {
    /// Runs `body` on this graph's `Table` (empty on first use) while holding the graph's lock.
    ///
    /// Do not call other locking members of the graph from `body`: the lock is not reentrant.
    func withSideTable<Table: GraphSideTable, Result>(
        _ type: Table.Type, _ body: (inout Table) throws -> Result
    ) rethrows -> Result {
        try state.withLock { try $0.withSideTable(type, body) }
    }
}

extension GraphState {
    /// Runs `body` on the graph's `Table` (empty on first use); the caller holds the graph's lock.
    /// Use it to read a side table together with the graph's own state under one lock.
    mutating func withSideTable<Table: GraphSideTable, Result>(
        _: Table.Type, _ body: (inout Table) throws -> Result
    ) rethrows -> Result {
        let key = ObjectIdentifier(Table.self)
        // Taken out while `body` runs, so the table is uniquely referenced and mutates in place.
        var table = sideTables.removeValue(forKey: key) as? Table ?? Table()
        defer { sideTables[key] = table }
        return try body(&table)
    }
}
