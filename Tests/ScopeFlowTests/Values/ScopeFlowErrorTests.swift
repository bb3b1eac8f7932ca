import Testing
@testable import ScopeFlow

extension ScopeFlowError.Code {
    /// A code that ScopeFlow does not define, as a library built on it would add one.
    fileprivate static let quotaExceeded = Self(rawValue: "quota_exceeded")
}

/// ScopeFlowError's extensible codes, its underlying cause and the user's line it names.
@Suite struct ScopeFlowErrorTests {
    @Test func aCodeDefinedByExtensionIsThrownMatchedAndCompared() throws {
        let error = try #require(throws: ScopeFlowError.self) {
            throw ScopeFlowError(.quotaExceeded, "The run used more than its quota.")
        }
        #expect(error.code == .quotaExceeded)
        #expect(error.code == ScopeFlowError.Code(rawValue: "quota_exceeded"))
        #expect(error.code != .invalidArgument)
        #expect(error.code.description == "quota_exceeded")
        let matched: String
        switch error.code {
        case .invalidArgument: matched = "invalid argument"
        case .quotaExceeded: matched = "quota"
        default: matched = "other"
        }
        #expect(matched == "quota")
    }

    @Test func theBuiltInCodesKeepTheirRawStrings() {
        #expect(ScopeFlowError.Code.alreadyExists.rawValue == "already_exists")
        #expect(ScopeFlowError.Code.valueInitializerWithShape.rawValue == "value_initializer_with_shape")
        #expect(ScopeFlowError.Code(rawValue: "data_loss") == .dataLoss)
        #expect(Set<ScopeFlowError.Code>([.notFound, .notFound, .dataLoss]).count == 2)
    }

    @Test func aWrappedFailureIsKeptAsTheUnderlyingErrorAndReported() throws {
        let graph = Graph()
        let error = try #require(throws: ScopeFlowError.self) { try graph.collection("losses", scope: "(") }
        #expect(error.code == .invalidArgument)
        let underlying = try #require(error.underlying)
        #expect(!(underlying is ScopeFlowError))
        #expect(error.message.contains(String(describing: underlying)))
        #expect(error.description == error.message)
        #expect(error.debugDescription.hasPrefix("invalid_argument: The collection filter '(' "))
        #expect(error.debugDescription.contains("(underlying: "))
    }

    @Test func errorsCompareByCodeMessageNamesLocationAndCause() {
        let here = SourceLocation(fileID: "App/Model.swift", line: 3)
        let plain = ScopeFlowError(.notFound, "gone", names: ["x"])
        #expect(plain == ScopeFlowError(.notFound, "gone", names: ["x"]))
        #expect(plain.hashValue == ScopeFlowError(.notFound, "gone", names: ["x"]).hashValue)
        #expect(plain != ScopeFlowError(.notFound, "gone", names: ["x"], location: here))
        let caused = ScopeFlowError(.notFound, "gone", names: ["x"], underlying: plain)
        #expect(caused != plain)
        #expect(caused == ScopeFlowError(.notFound, "gone", names: ["x"], underlying: plain))
        #expect(caused != ScopeFlowError(.notFound, "gone", names: ["x"], underlying: ScopeFlowError(.dataLoss, "other")))
    }

    @Test func anOpConstructorsErrorNamesTheCallersLine() throws {
        let graph = Graph()
        try graph.asDefault {
            let a = try placeholder(.float32, shape: [2, 3], name: "a")
            let b = try placeholder(.float32, shape: [2, 3], name: "b")
            let line = #line + 1
            let error = try #require(throws: ScopeFlowError.self) { try matmul(a, b) }
            #expect(error.code == .shapeMismatch)
            #expect(error.location == SourceLocation(fileID: #fileID, line: line))
            #expect(error.debugDescription.hasPrefix("shape_mismatch at \(#fileID):\(line): "))
        }
    }

    @Test func aSecondGetVariableNamesItsOwnLine() throws {
        let graph = Graph()
        try graph.asDefault {
            _ = try getVariable("w", shape: [2])
            let line = #line + 1
            let error = try #require(throws: ScopeFlowError.self) { try getVariable("w", shape: [2]) }
            #expect(error.code == .alreadyExists)
            #expect(error.location == SourceLocation(fileID: #fileID, line: line))
        }
    }

    @Test func aKernelsErrorNamesTheLineThatBuiltTheOp() throws {
        let graph = Graph()
        let line = #line + 3
        let (x, y) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [nil], name: "x")
            return (x, try reshape(x, shape: [3]))
        }
        let error = try #require(throws: ScopeFlowError.self) {
            try Session(graph: graph).run(y, feeds: [x: HostTensor([1, 2] as [Float])])
        }
        #expect(error.names.contains(y.op.name))
        #expect(error.location == SourceLocation(fileID: #fileID, line: line))
    }
}
