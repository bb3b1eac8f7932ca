import Foundation
import Testing

@testable import ScopeFlow

/// Basic cells, staticRNN and dynamicRNN: TF's names and an LSTM step against a hand computation.
@Suite struct RNNCellTests {
    private func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    /// One LSTM step in Double: kernel `[depth + units, 4 units]` row-major, zero bias.
    private func referenceStep(
        x: [Double], c: [Double], h: [Double], kernel: [Double], units: Int
    ) -> (c: [Double], h: [Double]) {
        let input = x + h
        let gates = (0..<(4 * units)).map { col in
            input.indices.reduce(0) { $0 + input[$1] * kernel[$1 * 4 * units + col] }
        }
        var newC: [Double] = []
        var newH: [Double] = []
        for u in 0..<units {
            let (i, j, f, o) = (gates[u], gates[units + u], gates[2 * units + u], gates[3 * units + u])
            let cell = c[u] * sigmoid(f + 1) + sigmoid(i) * Foundation.tanh(j)
            newC.append(cell)
            newH.append(Foundation.tanh(cell) * sigmoid(o))
        }
        return (newC, newH)
    }

    @Test func lstmTwoStepsMatchAHandComputation() throws {
        let (units, depth) = (2, 3)
        let kernel = (0..<((depth + units) * 4 * units)).map { Double(($0 * 7) % 11) / 11 - 0.4 }
        let steps: [[Double]] = [[0.5, -1, 0.25], [1, 0.5, -0.5]]
        let graph = Graph()
        let (outputs, state, names) = try graph.asDefault {
            try variableScope("rnn", initializer: .constant(kernel)) { _ in
                let cell = BasicLSTMCell(units: units)
                let inputs = try steps.map { try constant($0.map { Float($0) }, shape: [1, depth]) }
                let result = try staticRNN(cell, inputs, dtype: .float32, scope: "static")
                return (result.outputs, result.state, try trainableVariables().map(\.name))
            }
        }
        #expect(names == ["rnn/static/basic_lstm_cell/kernel:0", "rnn/static/basic_lstm_cell/bias:0"])
        #expect(outputs.map(\.op.name) == ["rnn/static/basic_lstm_cell/Mul_2", "rnn/static/basic_lstm_cell/Mul_5"])
        let session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        var (c, h) = ([0.0, 0.0], [0.0, 0.0])
        for (step, x) in steps.enumerated() {
            (c, h) = referenceStep(x: x, c: c, h: h, kernel: kernel, units: units)
            let got = try session.run(outputs[step]).floats!.map(Double.init)
            for (a, e) in zip(got, h) { #expect(abs(a - e) < 1e-5) }
        }
        let finalC = try session.run(state.c).floats!.map(Double.init)
        for (a, e) in zip(finalC, c) { #expect(abs(a - e) < 1e-5) }
    }

    @Test func dynamicRNNEqualsStaticRNNOnSharedWeights() throws {
        let graph = Graph()
        let (staticOut, dynamicOut) = try graph.asDefault {
            let x = try constant((0..<24).map { Float($0 % 5) / 5 }, shape: [2, 3, 4])
            let (outs, _) = try staticRNN(BasicLSTMCell(units: 3), try unstack(x, axis: 1), dtype: .float32)
            let (stacked, _) = try dynamicRNN(BasicLSTMCell(units: 3, reuse: .reuse), x, dtype: .float32, scope: "rnn")
            return (outs, stacked)
        }
        #expect(dynamicOut.shape == Shape(known: [2, 3, 3]))
        #expect(try graph.variables().map(\.name) == ["rnn/basic_lstm_cell/kernel:0", "rnn/basic_lstm_cell/bias:0"])
        let session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        let stacked = try session.run(dynamicOut).floats!
        for t in 0..<3 {
            let step = try session.run(staticOut[t]).floats!
            for b in 0..<2 { for u in 0..<3 { #expect(abs(stacked[(b * 3 + t) * 3 + u] - step[b * 3 + u]) < 1e-6) } }
        }
    }

    @Test func basicRNNCellNamesAndShapes() throws {
        let graph = Graph()
        let (output, state, zero) = try graph.asDefault {
            let cell = BasicRNNCell(units: 4)
            let zero = try cell.zeroState(batchSize: 2, dtype: .float32)
            let (output, state) = try cell(try placeholder(.float32, shape: [2, 3], name: "x"), zero)
            return (output, state, zero)
        }
        #expect(output.name == "basic_rnn_cell/Tanh:0")
        #expect(state == output)
        #expect(zero.op.name.hasPrefix("BasicRNNCellZeroState/"))
        #expect(output.shape == Shape(known: [2, 4]))
        #expect(
            try graph.variables().map { "\($0.name) \($0.shape)" }
                == ["basic_rnn_cell/kernel:0 \(Shape(known: [7, 4]))", "basic_rnn_cell/bias:0 \(Shape(known: [4]))"])
    }

    @Test func secondCellGetsAUniqueScope() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [1, 2], name: "x")
            for _ in 0..<2 {
                let cell = BasicLSTMCell(units: 1)
                _ = try cell(x, try cell.zeroState(batchSize: 1, dtype: .float32))
            }
        }
        #expect(
            try graph.variables().map(\.name) == [
                "basic_lstm_cell/kernel:0", "basic_lstm_cell/bias:0", "basic_lstm_cell_1/kernel:0",
                "basic_lstm_cell_1/bias:0",
            ])
    }
}
