import ArgumentParser
import Foundation
import ScopeFlow
import ScopeFlowConformance

/// One recorded TF1 model (a folder of `shared/models/`) on ScopeFlow, the workload of
/// Benchmarks/tf/model_step.py: the time from nothing to the first training step's result
/// (import `model.meta`, restore `init.ckpt`, run), and the time of a training step after that.
struct ModelBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "ms from start to the first training step of a recorded model, and ms per training step.")

    @Argument(help: "A model folder (trace.json, model.meta, init.ckpt).") var folder: String
    @Option(help: "Training steps per repetition.") var runs = 20
    @Option(help: "Repetitions; medians are reported.") var repeats = 3

    func validate() throws {
        try OptionCheck.atLeastOne(runs, "--runs")
        try OptionCheck.atLeastOne(repeats, "--repeats")
    }

    func run() throws {
        let replay = try ModelReplay(folder: folder)
        guard let step = replay.trace.runs.first(where: { !$0.targets.isEmpty }) else {
            throw ValidationError("\(folder)'s trace has no run with a training target.")
        }
        var progress = ProgressLine("bench model \(replay.trace.model)", total: 2 * repeats)
        var firstStep: [Double] = []
        var session: Session?
        for repetition in 0..<repeats {
            progress.update(repetition, "start to first step")
            let start = DispatchTime.now().uptimeNanoseconds
            let graph = Graph()
            try graph.importMetaGraph(readMetaGraph(folder + "/model.meta"))
            let fresh = Session(graph: graph)
            try replay.restoreInitialCheckpoint(in: fresh)
            _ = try replay.execute(step, in: fresh)
            firstStep.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            session = fresh
        }
        var perStep: [Double] = []
        for repetition in 0..<repeats {
            progress.update(repeats + repetition, "training steps")
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<runs { _ = try replay.execute(step, in: session!) }
            perStep.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(runs))
        }
        progress.clear()
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        emitJSONLine(
            bench: "model_" + replay.trace.model,
            [
                ("first_step_ms", .number(median(firstStep))), ("step_ms", .number(median(perStep))),
                ("steps_per_s", .number(1e3 / median(perStep))), ("runs_per_rep", .number(Double(runs))),
            ])
    }
}
