import ArgumentParser
import ScopeFlow
import ScopeFlowConformance
import ScopeFlowExamples

/// The seed image filter (2 × conv 5×5 + relu, 32 filters) on 16×64×64×3, built in
/// `variableScope("image_filters")` twice with reuse: the workload of shared/bench/tf/conv.py.
struct ConvBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conv", abstract: "Image-filter forward and GradientDescent train step, as conv.py.")

    @Option(help: "Timed train steps (forward: twice as many).") var steps = 30
    @Option(help: "Learning rate.") var lr = 1e-7
    @Option(help: "Only run this many train steps and print nothing (for a profiler such as perf).")
    var profileSteps: Int?

    static let (batch, side, inputChannels, filters, kernel) = (16, 64, 3, 32, 5)

    func validate() throws {
        try OptionCheck.atLeastOne(steps, "--steps")
        try OptionCheck.positive(lr, "--lr")
        if let profileSteps { try OptionCheck.atLeastOne(profileSteps, "--profile-steps") }
    }

    func run() throws {
        var progress = ProgressLine("bench conv", quiet: profileSteps != nil)
        progress.phase("building the image filters")
        let (b, h, cin, cout, k) = (Self.batch, Self.side, Self.inputChannels, Self.filters, Self.kernel)
        let graph = Graph()
        graph.seed = 0
        var buildMilliseconds = 0.0
        let (image1, image2, target, result1, result2, loss, trainOp, initializer) = try graph.asDefault {
            let image1 = try placeholder(.float32, shape: [b, h, h, cin], name: "image1")
            let image2 = try placeholder(.float32, shape: [b, h, h, cin], name: "image2")
            let target = try placeholder(.float32, shape: [b, h, h, cout], name: "target")
            let start = BenchTiming.now()
            let (result1, result2) = try variableScope("image_filters") { scope in
                let result1 = try ImageFilter.apply(image1, channels: cout)
                scope.reuseVariables()
                return (result1, try ImageFilter.apply(image2, channels: cout))
            }
            let loss = try reduceMean(square(subtract(result1, target)))
            let trainOp = try GradientDescentOptimizer(learningRate: .value(lr)).minimize(loss)
            buildMilliseconds = (BenchTiming.now() - start) * 1e3
            return (image1, image2, target, result1, result2, loss, trainOp, try globalVariablesInitializer())
        }
        let x1 = try BenchTiming.tensor([b, h, h, cin], seed: 1)
        let x2 = try BenchTiming.tensor([b, h, h, cin], seed: 2)
        let targetValues = try BenchTiming.tensor([b, h, h, cout], seed: 3)

        let session = Session(graph: graph)
        try session.run(initializer)
        let forward = { try session.run(result1.op, feeds: [image1: x1]) }
        let trainStep = { try session.run(trainOp, feeds: [image1: x1, target: targetValues]) }
        if let profileSteps {
            for _ in 0..<profileSteps { try trainStep() }
            return
        }
        progress.phase("first forward and train step")
        let firstForward = try BenchTiming.seconds(forward)
        let firstTrain = try BenchTiming.seconds(trainStep)
        let lossBefore = try session.run(loss, feeds: [image1: x1, target: targetValues]).floats?.first ?? .nan

        let pixels = Double(b * h * h * cout * k * k)
        let forwardFlop = 2 * pixels * Double(cin + cout)
        let backwardFlop = 2 * pixels * Double(cout + cout + cin)
        progress.phase("timing \(steps * 2) forward passes")
        let forwardTimes = try BenchTiming.samples(steps * 2, warmUp: 3, forward)
        progress.phase("timing \(steps) train steps")
        let trainTimes = try BenchTiming.samples(steps, warmUp: 3, trainStep)
        progress.phase("timing \(steps) twin forward passes")
        let twinTimes = try BenchTiming.samples(steps, warmUp: 3) {
            try session.run(targets: [result1.op, result2.op], feeds: [image1: x1, image2: x2])
        }
        let lossAfter = try session.run(loss, feeds: [image1: x1, target: targetValues]).floats?.first ?? .nan
        let forwardMedian = BenchTiming.median(forwardTimes), trainMedian = BenchTiming.median(trainTimes)
        progress.clear()
        emitJSONLine(bench: "conv", [
            ("variables", .array(try graph.variables().map { .string($0.name) })),
            ("outputs", .array([result1.name, result2.name].map(JSONValue.string))),
            ("build_ms", .number(buildMilliseconds)),
            ("first_forward_ms", .number(firstForward * 1e3)),
            ("first_train_step_ms", .number(firstTrain * 1e3)),
            ("forward_steps_per_s", .number(1 / forwardMedian)),
            ("forward_ms", .number(forwardMedian * 1e3)),
            ("forward_gflops", .number(forwardFlop / forwardMedian / 1e9)),
            ("train_steps_per_s", .number(1 / trainMedian)),
            ("train_ms", .number(trainMedian * 1e3)),
            ("train_min_ms", .number(trainTimes[0] * 1e3)),
            ("train_max_ms", .number(trainTimes[trainTimes.count - 1] * 1e3)),
            ("train_gflops", .number((forwardFlop + backwardFlop) / trainMedian / 1e9)),
            ("twin_forward_ms", .number(BenchTiming.median(twinTimes) * 1e3)),
            ("flop_forward_G", .number(forwardFlop / 1e9)),
            ("flop_train_step_G", .number((forwardFlop + backwardFlop) / 1e9)),
            ("loss_before", .number(Double(lossBefore))),
            ("loss_after", .number(Double(lossAfter))),
            ("steps", .number(Double(steps))),
            ("plans", .array(session.planReports().map { .string($0.description) })),
        ])
    }
}
