import ArgumentParser
import Foundation
import ScopeFlow

/// `scopeflow replay DIR...`: replays recorded TF1 training runs (folders in the format of
/// `shared/models/README.md`) on the graph of their `model.meta` and compares every value.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recorded TF1 training run on its imported MetaGraph and compare with TF's values.",
        discussion: "Each DIR holds trace.json, model.meta, init.ckpt and final.ckpt (the format of "
            + "shared/models/README.md). The replay restores init.ckpt, runs every recorded Session.run in one "
            + "session, compares each fetched value and finally every variable with final.ckpt, prints a line per "
            + "check and ends with `N passed, M failed`. Exits 0 only when every check passes.")

    @Argument(help: "Model folders to replay.")
    var folders: [String]

    @Flag(help: "Run on the interpreter only (no compiled plans).")
    var interpreter = false

    @Flag(help: "Print only the failed checks and the totals.")
    var quiet = false

    @Flag(
        help:
            "Print how each run signature executed: compiled, interpreted, or on the frame executor with compiled segments."
    )
    var plans = false

    func run() throws {
        var passed = 0
        var failed = 0
        for folder in folders {
            let name = URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent
            var progress = ProgressLine("replay \(name)")
            var checked = (passed: 0, failed: 0)
            do {
                let replay = try ModelReplay(folder: folder)
                progress.phase("importing model.meta")
                var done = 0
                let outcome = try replay.runImported(compilesPlans: !interpreter) { check in
                    done += 1
                    if check.comparison.matches { checked.passed += 1 } else { checked.failed += 1 }
                    progress.clear()
                    if !check.comparison.matches || !quiet {
                        print(
                            "\(name): \(check.comparison.matches ? "ok  " : "FAIL") \(check.label): "
                                + check.comparison.detail)
                    }
                    progress.update(done, check.label)
                }
                progress.clear()
                if plans { for plan in outcome.plans { print("\(name): plan \(plan)") } }
                print(
                    "\(name): \(outcome.passed) passed, \(outcome.failed) failed (worst |diff|/tolerance "
                        + String(format: "%.3g", outcome.worstRatio) + ")")
            } catch {
                progress.clear()
                print("\(name): FAIL \(error)")
                checked.failed += 1
                print("\(name): \(checked.passed) passed, \(checked.failed) failed (stopped)")
            }
            passed += checked.passed
            failed += checked.failed
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
