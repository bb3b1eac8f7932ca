/// A function wrapped so that the variables it gets with
/// ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)`` are created on its
/// first call and shared by every later call (TF's `tf.compat.v1.make_template`). Make one with
/// ``makeTemplate(_:_:createScopeNow:uniqueName:customGetter:file:line:)``.
///
/// The template owns a variable scope named after it, made unique (`line`, `line_1` …). Its first
/// call enters that scope without reuse; every later call enters it again with reuse on, so the
/// function's variables are shared wherever the template is called. Ops get a fresh name scope on
/// each call (`line/add`, then `line_1/add`).
///
/// ```swift
/// let line = try makeTemplate("line") { (x: Tensor) in
///     let m = try getVariable("w", shape: [], initializer: .truncatedNormal())
///     let b = try getVariable("b", shape: [], initializer: .truncatedNormal())
///     return try x * m + b
/// }
/// let train = try line(trainingInput)   // creates line/w and line/b
/// let test = try line(testInput)        // shares them
/// ```
///
/// A call after the first that creates a trainable variable throws
/// ``ScopeFlowError/Code/templateCreatedVariables``: it is almost always `Variable(...)` used where
/// `getVariable` was meant. Errors thrown inside a call say where the template was made.
public final class Template<Output, each Input> {
    /// The name the template was given (its variable scope's name before it is made unique).
    public let name: String
    private let body: (repeat each Input) throws -> Output
    private let uniqueName: String?
    private let customGetter: CustomGetter?
    private let definedAt: SourceLocation
    /// The variable scope the template's variables live in: set when the template is made with
    /// `createScopeNow`, else by its first call (nil until then).
    public private(set) var variableScope: VariableScope?
    /// The graph of ``variableScope``, whose collections the variable lists read.
    private var graph: Graph?
    /// Whether a call ran to completion, so that later calls share its variables.
    private(set) var variablesCreated = false
    /// Whether no call has started yet (a call that fails before completing starts over).
    private var firstCall = true

    init(
        name: String, body: @escaping (repeat each Input) throws -> Output, createScopeNow: Bool,
        uniqueName: String?, customGetter: CustomGetter?, definedAt: SourceLocation
    ) throws {
        self.name = name
        self.body = body
        self.uniqueName = uniqueName
        self.customGetter = customGetter
        self.definedAt = definedAt
        if createScopeNow {
            let target: VariableScopeTarget = uniqueName.map { .name($0) } ?? .defaultName(name)
            variableScope = try pureVariableScope(target, customGetter: customGetter) { $0 }
            graph = Graph.current
        }
    }

    /// Calls the wrapped function inside the template's variable scope: without reuse the
    /// first time, with reuse after.
    /// - Throws: ``ScopeFlowError/Code/templateCreatedVariables`` when a call after the first
    ///   creates trainable variables, or what the function throws (a ``ScopeFlowError`` with the
    ///   place the template was made added to its message).
    public func callAsFunction(_ input: repeat each Input) throws -> Output {
        if let scope = variableScope {
            return try ScopeFlow.variableScope(scope, reuse: firstCall ? .inherit : .reuse) { _ in
                try callBody(repeat each input)
            }
        }
        return try ScopeFlow.variableScope(uniqueName, defaultName: name, customGetter: customGetter) { scope in
            variableScope = scope
            graph = Graph.current
            return try callBody(repeat each input)
        }
    }

    /// TF's `Template._call_func`: runs the function, checks that calls after the first create
    /// no trainable variable, and marks the variables created after the first complete call.
    private func callBody(_ input: repeat each Input) throws -> Output {
        do {
            if variablesCreated {
                let graph = Graph.current
                let globalsAtStart = try graph.collection(GraphKeys.globalVariables).count
                let trainableAtStart = try graph.collection(GraphKeys.trainableVariables).count
                let result = try body(repeat each input)
                let trainable = try graph.collection(GraphKeys.trainableVariables)
                if trainable.count != trainableAtStart {
                    let created = trainable[trainableAtStart...].compactMap(\.variable)
                    throw ScopeFlowError(
                        .templateCreatedVariables,
                        "Trainable variable created when calling a template after the first time, perhaps you used "
                            + "tf.Variable when you meant tf.get_variable: \(created). Create the template's "
                            + "variables with getVariable, so that later calls share them.",
                        names: created.map(\.name))
                }
                // Non-trainable variables (counters, statistics) may legitimately be new on each
                // call, but are usually the same mistake: warn, as TF logs.
                let globals = try graph.collection(GraphKeys.globalVariables)
                if globals.count != globalsAtStart {
                    warnAboutNew(globals[globalsAtStart...].compactMap(\.variable), in: graph)
                }
                return result
            }
            guard firstCall else { return try body(repeat each input) }
            firstCall = false
            let result: Output
            do { result = try body(repeat each input) } catch {
                firstCall = true
                throw error
            }
            variablesCreated = true
            return result
        } catch let error as ScopeFlowError {
            throw ScopeFlowError(
                error.code, error.message + "\n\noriginally defined at: \(definedAt)", names: error.names,
                location: error.location, underlying: error.underlying)
        }
    }

    /// Records a ``GraphWarning`` of kind `templateCreatedVariables` for `created`.
    private func warnAboutNew(_ created: [Variable], in graph: Graph) {
        guard graph.recordsProvenance else { return }
        let warning = GraphWarning(
            kind: .templateCreatedVariables, name: created[0].name,
            message: "New variables created when calling the template '\(name)' after the first time, perhaps you "
                + "used Variable(...) when you meant getVariable: \(created.map(\.name)). Each call makes new "
                + "ones; create them with getVariable to share them.",
            location: definedAt)
        graph.withSideTable(ProvenanceTable.self) { $0.warnings.append(warning) }
    }

    /// The variable scope's name with a trailing `/` (so `s1/` does not match `s1_1/…`), or nil
    /// before the scope exists.
    public var variableScopeName: String? {
        guard let name = variableScope?.name else { return nil }
        return name.isEmpty || name.hasSuffix("/") ? name : name + "/"
    }

    /// The global and local variables created by the template.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when the scope name is not a valid
    ///   regular expression (collections are filtered by it, as in TF).
    public var variables: [Variable] { get throws { try globalVariables + localVariables } }

    /// The trainable variables created by the template (none before a call completed).
    public var trainableVariables: [Variable] { get throws { try created(in: GraphKeys.trainableVariables) } }

    /// The global variables created by the template that are not trainable.
    public var nonTrainableVariables: [Variable] {
        get throws {
            let trainable = Set(try trainableVariables.map(ObjectIdentifier.init))
            return try globalVariables.filter { !trainable.contains(ObjectIdentifier($0)) }
        }
    }

    /// The global variables created by the template (none before a call completed).
    public var globalVariables: [Variable] { get throws { try created(in: GraphKeys.globalVariables) } }

    /// The local variables created by the template (none before a call completed).
    public var localVariables: [Variable] { get throws { try created(in: GraphKeys.localVariables) } }

    /// The variables of collection `key` whose names start with the template's scope name, as
    /// TF's `get_collection(key, variable_scope_name)` lists them.
    private func created(in key: String) throws -> [Variable] {
        guard variablesCreated, let graph else { return [] }
        return try graph.variables(key, scope: variableScopeName)
    }
}

/// Wraps `body` in a ``Template`` (TF's `tf.compat.v1.make_template`): the first call creates the
/// variables `body` gets with ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)``,
/// later calls share them.
///
/// - Parameters:
///   - name: The template's variable scope name, made unique (`name`, `name_1` …) among the scopes
///     where it is created.
///   - body: The function to wrap; arguments that TF passes as `**kwargs` are captured by the closure.
///   - createScopeNow: Create the variable scope now, below the current variable scope, instead of
///     where the template is first called.
///   - uniqueName: Use this scope name as given instead of making `name` unique; a second template
///     with the same `uniqueName` shares the scope, and creating its variables again fails unless
///     reuse is on.
///   - customGetter: A getter every `getVariable` in the template's scope goes through, on every
///     call (see ``CustomGetter``).
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `name` is nil.
///
/// ```swift
/// let tmpl1 = try makeTemplate("s1") { try getVariable("dummy", shape: [1], initializer: .zeros) }
/// let tmpl2 = try makeTemplate("s1") { try getVariable("dummy", shape: [1], initializer: .zeros) }
/// try tmpl1().name   // "s1/dummy:0"
/// try tmpl1().name   // "s1/dummy:0", the same variable
/// try tmpl2().name   // "s1_1/dummy:0"
/// ```
public func makeTemplate<Output, each Input>(
    _ name: String?, _ body: @escaping (repeat each Input) throws -> Output, createScopeNow: Bool = false,
    uniqueName: String? = nil, customGetter: CustomGetter? = nil, file: String = #fileID, line: Int = #line
) throws -> Template<Output, repeat each Input> {
    guard let name else {
        throw ScopeFlowError(.invalidArgument, "name cannot be nil: give the template a name for its variable scope.")
    }
    return try Template(
        name: name, body: body, createScopeNow: createScopeNow, uniqueName: uniqueName, customGetter: customGetter,
        definedAt: SourceLocation(fileID: file, line: line))
}
