import ScopeFlow

/// What a ref of a conformance program is bound to.
enum BoundValue {
    case tensor(Tensor)
    case variable(Variable)
    case operation(Operation)
    case variableScope(VariableScope)
    /// A name-scope string or the current name scope.
    case string(String)
    case names([String])
    case values([JSONValue])
    case error(String)
}

/// A problem with the case file itself (not a ScopeFlow failure).
public struct CaseFileError: Error, CustomStringConvertible {
    public let description: String
}

/// A step read a ref that is unbound or bound to an error.
struct UndefinedRef: Error {}

/// Executes one conformance case against ScopeFlow's public API (SPEC.md §2–3).
final class CaseRunner {
    static let stepKinds = [
        "name_scope", "variable_scope", "get_variable", "variable", "op", "binary", "reuse_variables",
        "current_variable_scope", "current_name_scope", "collection", "run", "in_graph",
    ]

    var refs: [String: BoundValue] = [:]
    var graphs: [String: Graph] = [:]
    let executor: RunStepExecutor

    init(executor: RunStepExecutor) { self.executor = executor }

    func run(program: [JSONValue]) throws {
        try Self.validate(program)
        let main = Graph()
        graphs["main"] = main
        try main.asDefault { try runSteps(program) }
    }

    func runSteps(_ steps: [JSONValue]) throws {
        for step in steps {
            guard let kind = step.keys.first(where: CaseRunner.stepKinds.contains) else {
                throw CaseFileError(description: "a step needs one kind key: \(step.serialized.prefix(200))")
            }
            try runStep(kind, step)
        }
    }

    /// Checks the form of every step, bodies included (also those a failing scope will skip):
    /// a body is a list of steps, an `as` is a ref name.
    /// - Throws: ``CaseFileError`` naming the first malformed step.
    static func validate(_ steps: [JSONValue]) throws {
        for step in steps {
            if let ref = step["as"], !(ref.stringValue.map(isRefName) ?? false) {
                throw CaseFileError(description: "'as' must be a ref name ([A-Za-z_][A-Za-z0-9_]*), not \(ref.serialized.prefix(200))")
            }
            guard let body = step["body"] else { continue }
            guard let bodySteps = body.arrayValue else {
                throw CaseFileError(description: "a step's body must be a list of steps, not \(body.serialized.prefix(200))")
            }
            try validate(bodySteps)
        }
    }

    /// SPEC.md §2's ref names: `[A-Za-z_][A-Za-z0-9_]*`.
    static func isRefName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    private func bind(_ step: JSONValue, _ value: BoundValue) {
        if let name = step["as"]?.stringValue { refs[name] = value }
    }

    /// Runs a non-scope step, binding its result or its error kind.
    private func attempt(_ step: JSONValue, _ make: () throws -> BoundValue?) {
        do {
            if let value = try make() { bind(step, value) }
        } catch is UndefinedRef {
            bind(step, .error("undefined_ref"))
        } catch {
            bind(step, .error(errorKind(error)))
        }
    }

    private func runStep(_ kind: String, _ step: JSONValue) throws {
        switch kind {
        case "name_scope": try enterNameScope(step)
        case "variable_scope": try enterVariableScope(step)
        case "in_graph":
            guard let name = step["in_graph"]?.stringValue else { throw CaseFileError(description: "in_graph needs a name") }
            let graph = graphs[name] ?? Graph()
            graphs[name] = graph
            try graph.asDefault { try runSteps(step["body"]?.arrayValue ?? []) }
        case "get_variable": attempt(step) { .variable(try getVariableStep(step)) }
        case "variable": attempt(step) { .variable(try variableStep(step)) }
        case "op": attempt(step) { try opStep(step) }
        case "binary": attempt(step) { .tensor(try binaryStep(step)) }
        case "reuse_variables":
            if step["reuse_variables"]?.boolValue == true {
                reuseVariables()
            } else if let ref = step["reuse_variables"]?.stringValue, case .variableScope(let scope)? = refs[ref] {
                scope.reuseVariables()
            }
        case "current_variable_scope": bind(step, .variableScope(currentVariableScope))
        case "current_name_scope": bind(step, .string(Graph.current.currentNameScope))
        case "collection":
            attempt(step) {
                let key = try collectionKey(step["collection"])
                return .names(try collection(key, scope: step["scope"]?.stringValue).map(\.name))
            }
        case "run":
            attempt(step) {
                let fetches = try (step["run"]?.arrayValue ?? []).map { try scopeValue($0) }
                return .values(try executor.run(fetches, in: Graph.current))
            }
        default: throw CaseFileError(description: "unknown step kind \(kind)")
        }
    }

    // MARK: Scopes

    /// Enters a scope (binding its value or error), runs the body, leaves.
    private func scoped(_ step: JSONValue, enter: (_ body: (BoundValue) throws -> Void) throws -> Void) throws {
        var entered = false
        do {
            try enter { value in
                entered = true
                self.bind(step, value)
                try self.runSteps(step["body"]?.arrayValue ?? [])
            }
        } catch let error as CaseFileError {
            throw error
        } catch is UndefinedRef where !entered {
            bind(step, .error("undefined_ref"))
        } catch where !entered {
            bind(step, .error(errorKind(error)))
        }
    }

    private func enterNameScope(_ step: JSONValue) throws {
        try scoped(step) { body in
            var name = step["name_scope"]?.stringValue
            if let expression = step["scope"]?.stringValue {
                guard case .string(let s) = try evaluate(expression) else {
                    throw CaseFileError(description: "name_scope 'scope' must evaluate to a string")
                }
                name = s
            }
            let values = try step["values"].map { try ($0.arrayValue ?? []).map { try scopeValue($0) } }
            try nameScope(name, defaultName: step["default_name"]?.stringValue, values: values) { yielded in
                try body(.string(yielded))
            }
        }
    }

    private func enterVariableScope(_ step: JSONValue) throws {
        try scoped(step) { body in
            let values = try step["values"].map { try ($0.arrayValue ?? []).map { try scopeValue($0) } }
            let reuse: Reuse
            switch step["reuse"] {
            case .bool(true)?: reuse = .reuse
            case .string("auto")?: reuse = .auto
            default: reuse = .inherit
            }
            let initializer = try step["initializer"].map(initializerSpec)
            let dtype = try step["dtype"].map(dtypeSpec)
            let auxiliary = step["auxiliary_name_scope"]?.boolValue ?? true
            let run: (VariableScope) throws -> Void = { scope in try body(.variableScope(scope)) }
            if let expression = step["scope"]?.stringValue {
                switch try evaluate(expression) {
                case .variableScope(let scope):
                    try variableScope(
                        scope, values: values, reuse: reuse, initializer: initializer, dtype: dtype,
                        auxiliaryNameScope: auxiliary, run)
                case .string(let name):
                    try variableScope(
                        name, values: values, reuse: reuse, initializer: initializer, dtype: dtype,
                        auxiliaryNameScope: auxiliary, run)
                default: throw CaseFileError(description: "variable_scope 'scope' must be a scope or a string")
                }
            } else {
                try variableScope(
                    step["variable_scope"]?.stringValue, defaultName: step["default_name"]?.stringValue,
                    values: values, reuse: reuse, initializer: initializer, dtype: dtype,
                    auxiliaryNameScope: auxiliary, run)
            }
        }
    }

    // MARK: Variables and ops

    private func getVariableStep(_ step: JSONValue) throws -> Variable {
        guard let name = step["get_variable"]?.stringValue else { throw CaseFileError(description: "get_variable needs a name") }
        return try getVariable(
            name, shape: try step["shape"].flatMap(shapeSpec), dtype: try step["dtype"].map(dtypeSpec),
            initializer: try step["initializer"].map(initializerSpec), trainable: step["trainable"]?.boolValue ?? true,
            collections: try step["collections"].map { try ($0.arrayValue ?? []).map(collectionKey) })
    }

    private func variableStep(_ step: JSONValue) throws -> Variable {
        let name = step["variable"]?.stringValue
        let trainable = step["trainable"]?.boolValue ?? true
        let collections = try step["collections"].map { try ($0.arrayValue ?? []).map(collectionKey) }
        let dtype = try step["dtype"].map(dtypeSpec)
        guard let initial = step["initial_value"] else { throw CaseFileError(description: "variable needs initial_value") }
        if let ref = initial["tensor"]?.stringValue {
            return try Variable(
                try graphElement(.string(ref)), name: name, dtype: dtype, trainable: trainable, collections: collections)
        }
        return try Variable(
            try literal(initial, dtype: dtype ?? .float32), name: name, trainable: trainable, collections: collections)
    }

    private func opStep(_ step: JSONValue) throws -> BoundValue {
        guard let type = step["op"]?.stringValue else { throw CaseFileError(description: "op needs a type") }
        let name = step["name"]?.stringValue
        switch type {
        case "Const":
            let dtype = try step["dtype"].map(dtypeSpec) ?? .float32
            let shape = try step["shape"].flatMap(shapeSpec)?.knownDims
            return .tensor(try constant(try literal(step["value"] ?? .null, dtype: dtype), shape: shape, name: name))
        case "Placeholder":
            let dtype = try step["dtype"].map(dtypeSpec) ?? .float32
            return .tensor(try placeholder(dtype, shape: try step["shape"].flatMap(shapeSpec) ?? .unknown, name: name))
        default:
            let inputs = try (step["inputs"]?.arrayValue ?? []).map { try graphElement($0) }
            var attrs: AttrMap = [:]
            for (key, value) in (step["attrs"].map { attrMembers($0) } ?? []) {
                switch value {
                case .bool(let b): attrs[key] = .bool(b)
                case .string(let s): attrs[key] = .string(s)
                case .number: attrs[key] = .int(try integer(value, attr: key))
                case .array(let items): attrs[key] = .ints(try items.map { try integer($0, attr: key) })
                default: throw CaseFileError(description: "unsupported attr \(key)")
                }
            }
            let op = try rawOp(type, inputs: inputs, attrs: attrs, name: name)
            return op.outputs.isEmpty ? .operation(op) : .tensor(op.output(0))
        }
    }

    private func attrMembers(_ value: JSONValue) -> [(String, JSONValue)] {
        if case .object(let members) = value { return members }
        return []
    }

    private func binaryStep(_ step: JSONValue) throws -> Tensor {
        let inputs = try (step["inputs"]?.arrayValue ?? []).map { try graphElement($0) }
        guard inputs.count == 2 else { throw CaseFileError(description: "binary needs two inputs") }
        switch step["binary"]?.stringValue {
        case "+": return try BinaryOperator.add(inputs[0], inputs[1])
        case "-": return try BinaryOperator.subtract(inputs[0], inputs[1])
        case "*": return try BinaryOperator.multiply(inputs[0], inputs[1])
        default: throw CaseFileError(description: "unknown binary operator")
        }
    }

    // MARK: Refs

    /// A bare ref used as a graph input: a tensor or a variable.
    func graphElement(_ ref: JSONValue) throws -> any TensorConvertible {
        guard let name = ref.stringValue else { throw CaseFileError(description: "expected a ref, got \(ref.serialized)") }
        switch refs[name] {
        case .tensor(let t)?: return t
        case .variable(let v)?: return v
        case nil, .error?: throw UndefinedRef()
        default: throw CaseFileError(description: "ref \(name) is not a tensor or variable")
        }
    }

    /// A bare ref in a scope's `values`: a tensor, variable or op.
    func scopeValue(_ ref: JSONValue) throws -> any GraphElement {
        if let name = ref.stringValue, case .operation(let op)? = refs[name] { return op }
        return try graphElement(ref)
    }

    /// `r` or `r.accessor` as an argument value.
    func evaluate(_ expression: String) throws -> BoundValue {
        let parts = expression.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let value = refs[parts[0]] else { throw UndefinedRef() }
        if case .error = value { throw UndefinedRef() }
        guard parts.count == 2 else { return value }
        guard case .variableScope(let scope) = value else {
            throw CaseFileError(description: "only scope refs take an accessor: \(expression)")
        }
        switch parts[1] {
        case "name": return .string(scope.name)
        case "original_name_scope": return .string(scope.originalNameScope)
        default: throw CaseFileError(description: "unknown accessor in \(expression)")
        }
    }
}

/// The Python operators `+`, `-`, `*` on existentials.
enum BinaryOperator {
    static func add(_ a: any TensorConvertible, _ b: any TensorConvertible) throws -> Tensor { try a.tensor + b.tensor }
    static func subtract(_ a: any TensorConvertible, _ b: any TensorConvertible) throws -> Tensor { try a.tensor - b.tensor }
    static func multiply(_ a: any TensorConvertible, _ b: any TensorConvertible) throws -> Tensor { try a.tensor * b.tensor }
}
