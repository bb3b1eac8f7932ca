import Testing

@testable import ScopeFlow

/// The seeds `DropoutWrapper` draws with, and the options of TF's cells that are refused with a
/// clear error.
@Suite struct RNNCellErrorTests {
    /// Python's `int(hashlib.md5(b"<seed><salt>").hexdigest()[:8], 16) & 0x7FFFFFFF`.
    @Test(arguments: [
        (17, "output_0", 446_688_877), (3, "state_0", 522_019_109), (3, "input_0", 371_649_270),
        (12345, String(repeating: "x", count: 70), 521_482_807),
    ])
    func dropoutSeedsAreTFs(seed: Int, salt: String, expected: Int) {
        #expect(dropoutSeed(seed, salt: salt) == expected)
    }

    @Test func md5OfTheEmptyString() {
        let hex = md5([]).map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        #expect(hex == "d41d8cd98f00b204e9800998ecf8427e")
    }

    @Test func lstmOptionsNotBuiltAreRefused() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [2, 4, 5], name: "x")
            for cell in [LSTMCell(units: 3, usePeepholes: true), LSTMCell(units: 3, numProj: 2)] {
                let error = #expect(throws: ScopeFlowError.self) { try dynamicRNN(cell, x, dtype: .float32) }
                #expect(error?.code == .unimplemented)
            }
        }
    }

    @Test func dropoutWrapperChecksItsOptions() {
        Graph().asDefault {
            let tooLarge = #expect(throws: ScopeFlowError.self) {
                try DropoutWrapper(GRUCell(units: 3), outputKeepProbability: 1.5)
            }
            #expect(tooLarge?.code == .invalidArgument)
            #expect(tooLarge?.message.hasPrefix("Parameter output_keep_prob must be between 0 and 1") == true)
            let variational = #expect(throws: ScopeFlowError.self) {
                try DropoutWrapper(GRUCell(units: 3), variationalRecurrent: true)
            }
            #expect(variational?.code == .unimplemented)
        }
    }

    @Test func multiRNNCellNeedsCellsAndOneStatePerCell() throws {
        try Graph().asDefault {
            #expect(throws: ScopeFlowError.self) { try MultiRNNCell([GRUCell]()) }
            let cell = try MultiRNNCell([GRUCell(units: 3), GRUCell(units: 3)])
            let x = try placeholder(.float32, shape: [2, 5], name: "x")
            let h = try placeholder(.float32, shape: [2, 3], name: "h")
            let error = #expect(throws: ScopeFlowError.self) { try cell(x, [h]) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.names == ["h:0"])
        }
    }
}
