import ArgumentParser
import ScopeFlow
import ScopeFlowConformance
import ScopeFlowExamples

/// The seed RNN (train and test models sharing variables in `variableScope("rnn")`,
/// Adam under `trian`), the workload of shared/bench/tf/rnn_seed.py's `loop` variant, or with
/// `--variant dynamic` of its `dynamic` variant (the cell run by `dynamicRNN`'s while loop).
struct RNNSeedBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rnn", abstract: "Seed RNN build time, train steps/s and test-RNN µs/run, as rnn_seed.py.")

    @Option(help: "Train steps per timed window (grown to at least 0.5 s).") var steps = 300
    @Option(help: "How the cell runs over time: loop (the tutorial's unrolled loop) or dynamic (dynamicRNN).")
    var variant = SeedRNNMode.loop

    func validate() throws { try OptionCheck.atLeastOne(steps, "--steps") }

    func run() throws {
        var progress = ProgressLine("bench rnn")
        progress.phase("building the train and test RNNs")
        let graph = Graph()
        graph.seed = 1
        let minimize: SeedRNN.Optimize = { optimizer, cost in try optimizer.minimize(cost) }
        let start = BenchTiming.now()
        var trainBuilt = start
        let (train, test) = try graph.asDefault {
            try variableScope("rnn") { scope in
                let train = try SeedRNN(.train, mode: variant, optimize: minimize)
                trainBuilt = BenchTiming.now()
                scope.reuseVariables()
                return (train, try SeedRNN(.test, mode: variant, optimize: minimize))
            }
        }
        let built = BenchTiming.now()
        let opsBuilt = graph.operations.count
        let initializer = try graph.asDefault { try globalVariablesInitializer() }

        var results: [(String, JSONValue)] = [
            ("build_train_rnn_ms", .number((trainBuilt - start) * 1e3)),
            ("build_test_rnn_ms", .number((built - trainBuilt) * 1e3)),
            ("build_both_ms", .number((built - start) * 1e3)),
            ("graph_ops_both_rnns", .number(Double(opsBuilt))),
            ("build_us_per_op", .number((built - start) * 1e6 / Double(opsBuilt))),
            ("n_global_variables", .number(Double(try graph.variables().count))),
        ]
        let session = Session(graph: graph)
        results.append(("session_init_run_ms", .number(try BenchTiming.seconds { try session.run(initializer) } * 1e3)))

        let config = SeedRNNConfig.train
        let xs = try BenchTiming.tensor([config.batchSize, config.timeSteps, config.inputSize], seed: 1)
        let ys = try BenchTiming.tensor([config.batchSize, config.timeSteps, config.outputSize], seed: 2)
        let xsTest = try BenchTiming.tensor([config.batchSize, 1, config.inputSize], seed: 3)
        let trainFeeds = [train.xs: xs, train.ys: ys]
        results.append(
            ("cost_initial", .numbers((try session.run(train.cost, feeds: trainFeeds).floats ?? []).map(Double.init))))

        let trainStep = { try session.run(train.trainOp, feeds: trainFeeds) }
        progress.phase("timing train steps")
        results.append(("first_train_step_ms", .number(try BenchTiming.seconds(trainStep) * 1e3)))
        for _ in 0..<19 { try trainStep() }  // 20 warm-up steps in total
        let training = try BenchTiming.rateWindows(perWindow: steps, trainStep)
        let stepsPerSecond = BenchTiming.median(training.rates)
        results += [
            ("train_steps_per_s", .number(stepsPerSecond)),
            ("train_steps_per_s_windows", .numbers(training.rates)),
            ("train_steps_per_window", .number(Double(training.calls))),
            ("train_ms_per_step", .number(1e3 / stepsPerSecond)),
            ("timed_train_steps", .number(Double(3 * training.calls))),
            (
                "cost_after_training",
                .numbers((try session.run(train.cost, feeds: trainFeeds).floats ?? []).map(Double.init))
            ),
        ]

        let infer = { _ = try session.run(test.prediction, feeds: [test.xs: xsTest]) }
        progress.phase("timing test-RNN runs")
        results.append(("first_test_infer_ms", .number(try BenchTiming.seconds(infer) * 1e3)))
        for _ in 0..<20 { try infer() }
        let inference = try BenchTiming.rateWindows(perWindow: 1000, infer)
        let runsPerSecond = BenchTiming.median(inference.rates)
        results += [
            ("test_infer_runs_per_s", .number(runsPerSecond)),
            ("test_infer_runs_per_s_windows", .numbers(inference.rates)),
            ("test_infer_us_per_run", .number(1e6 / runsPerSecond)),
        ]
        progress.clear()
        let mode = variant.rawValue
        emitJSONLine(bench: "rnn_seed", [("variants", .object([(mode, .object([("mode", .string(mode))] + results))]))])
    }
}

extension SeedRNNMode: ExpressibleByArgument {}
