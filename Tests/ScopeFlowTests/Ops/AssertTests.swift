import Foundation
import Testing

@testable import ScopeFlow

/// `Assert` against what TF 2.21 does (`assert-messages.json`, recorded by
/// `Scripts/tf-verify/record_assert_messages.py`): the message of a false condition for each
/// dtype and summarize, the error of a non-scalar condition, and the ops `tf.Assert` names.
@Suite struct AssertTests {
    struct Recording: Decodable, Sendable {
        struct Data: Decodable, Sendable {
            let dtype: String
            let shape: [Int]
            let values: [JSONScalar]
        }
        struct Case: Decodable, Sendable, CustomTestStringConvertible {
            let id: String
            let data: [Data]
            let summarize: Int
            let message: String
            var testDescription: String { id }
        }
        struct Condition: Decodable, Sendable {
            let shape: [Int]
            let message: String
        }
        struct BuiltGraph: Decodable, Sendable {
            let name: String?
            let ops: [[String]]
        }
        let cases: [Case]
        let conditions: [Condition]
        let graphs: [BuiltGraph]
    }

    static let recording: Recording = {
        let url = Bundle.module.url(forResource: "assert-messages", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(Recording.self, from: Data(contentsOf: url))
    }()

    /// A recorded data tensor as a ScopeFlow value.
    static func value(_ data: Recording.Data) throws -> HostTensor {
        func double(_ v: JSONScalar) -> Double {
            switch v {
            case .number(let d): d
            case .string("nan"): .nan
            case .string("inf"): .infinity
            case .string("-inf"): -.infinity
            default: .nan
            }
        }
        let storage: HostTensor.Storage =
            switch data.dtype {
            case "float16": .float16(data.values.map { Float16(double($0)) })
            case "float32": .float32(data.values.map { Float(double($0)) })
            case "float64": .float64(data.values.map(double))
            case "int32": .int32(data.values.map { Int32(double($0)) })
            case "int64": .int64(data.values.map { Int64(double($0)) })
            case "bool": .bool(data.values.map { if case .bool(let b) = $0 { b } else { false } })
            default: .string(data.values.map { if case .string(let s) = $0 { s } else { "" } })
            }
        return try HostTensor(storage: storage, shape: data.shape)
    }

    /// Runs an `Assert` on `condition` and `data` as a session does, with `summarize`.
    static func runAssert(_ condition: HostTensor, _ data: [HostTensor], summarize: Int) throws {
        let graph = Graph()
        let (op, fed) = try graph.asDefault {
            let fed = try placeholder(.bool, shape: .unknown, name: "c")
            return (try assertOp(fed, data.map { try constant($0) }, summarize: summarize), fed)
        }
        try Session(graph: graph).run(targets: [op], feeds: [fed: condition])
    }

    @Test("a false condition fails with TF's message", arguments: recording.cases)
    func falseConditionFailsWithTFsMessage(_ c: Recording.Case) throws {
        let data = try c.data.map(Self.value)
        try Self.runAssert(HostTensor(scalar: true), data, summarize: c.summarize)
        let error = #expect(throws: ScopeFlowError.self) {
            try Self.runAssert(HostTensor(scalar: false), data, summarize: c.summarize)
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message == c.message + " (op 'Assert/Assert' of type Assert)")
    }

    @Test func aConditionThatIsNoScalarFailsAsInTF() throws {
        for c in Self.recording.conditions {
            let condition = try HostTensor(
                storage: .bool(Array(repeating: true, count: c.shape.reduce(1, *))), shape: c.shape)
            let error = #expect(throws: ScopeFlowError.self) {
                try Self.runAssert(condition, [HostTensor(scalar: Int32(1))], summarize: 3)
            }
            #expect(error?.message.hasPrefix(c.message + " ") == true, "\(c.shape): \(error?.message ?? "")")
        }
    }

    @Test func namedAsTFNamesIt() throws {
        for recorded in Self.recording.graphs {
            let graph = Graph()
            let created = try graph.asDefault {
                let c = try placeholder(.bool, shape: [], name: "c")
                let x = try placeholder(.int32, shape: [2], name: "x")
                let s = try placeholder(.string, shape: [], name: "s")
                let op = try assertOp(c, [s, x], name: recorded.name)
                #expect(op.outputs.isEmpty)
                guard case .types(let types)? = op.attrs["T"] else {
                    Issue.record("Assert has no type-list attr T")
                    return [[String]]()
                }
                #expect(types == [.string, .int32])
                #expect(op.attrs["summarize"]?.intValue == 3)
                return graph.operations.filter { $0.type != "Placeholder" }.map { [$0.name, $0.type] }
            }
            #expect(created == recorded.ops)
        }
    }

    @Test func needsDataAndABoolCondition() throws {
        let graph = Graph()
        try graph.asDefault {
            let c = try placeholder(.bool, shape: [], name: "c")
            let noData = #expect(throws: ScopeFlowError.self) { try assertOp(c, []) }
            #expect(
                noData?.message.hasPrefix("Attr 'T' of 'Assert' Op passed list of length 0 less than minimum 1") == true
            )
            let x = try placeholder(.float32, shape: [], name: "x")
            #expect(throws: ScopeFlowError.self) { try assertOp(x, [x]) }
        }
    }

    @Test func isNotDifferentiable() {
        guard case .notDifferentiable? = OpRegistry["Assert"]?.gradient else {
            Issue.record("Assert should be not differentiable, as TF's ops.NotDifferentiable(\"Assert\")")
            return
        }
    }
}
