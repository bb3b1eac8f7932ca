import Foundation

/// A recorded training run of a TF1 model (`trace.json` in the format of `shared/models/README.md`):
/// the feeds, fetches and targets of every `Session.run` and the values TensorFlow returned, the
/// checkpoints before and after, and the tolerance of every float comparison.
public struct ReplayTrace: Sendable {
    /// One recorded `Session.run`: what it fed, fetched and ran, and what TensorFlow returned.
    public struct Run: Sendable {
        /// `"step 3"` or `"eval 0"`.
        public let label: String
        /// Tensor name (`"images:0"`) → the value fed.
        public let feeds: [String: HostTensor]
        /// The tensors fetched, in order.
        public let fetches: [String]
        /// The ops run for their effect.
        public let targets: [String]
        /// Fetch name → the value TensorFlow returned.
        public let expected: [String: HostTensor]
    }

    /// A float tolerance, numpy's `allclose`: `|actual - expected| <= atol + rtol * |expected|`.
    public struct Tolerance: Sendable, Decodable, Equatable {
        public let rtol: Double
        public let atol: Double

        public init(rtol: Double, atol: Double) {
            self.rtol = rtol
            self.atol = atol
        }
    }

    /// The model's name.
    public let model: String
    /// Every run, the steps first and then the eval runs, in the order they must happen.
    public let runs: [Run]
    /// The checkpoint prefixes, relative to the trace's folder.
    public let initialCheckpoint: String
    public let finalCheckpoint: String
    /// Every global variable's name (the checkpoints' keys), in `tf.global_variables()` order.
    public let variables: [String]
    /// The tolerance of every float comparison.
    public let tolerance: Tolerance
    /// Variables compared with their own tolerance at the end (TF itself races on them).
    public let variableTolerances: [String: Tolerance]

    /// Reads `trace.json` from `path`.
    /// - Throws: ``ScopeFlowError/Code/notFound`` when the file is missing,
    ///   ``ScopeFlowError/Code/dataLoss`` when it is not a trace in the models' format (the message
    ///   names the key or value that is wrong).
    public init(contentsOf path: String) throws {
        let bytes = try FileIO.read(path)
        try self.init(json: Data(bytes), source: path)
    }

    /// Decodes a trace from its JSON text; `source` names it in errors.
    public init(json: Data, source: String = "trace.json") throws {
        let file: TraceFile
        do {
            file = try JSONDecoder().decode(TraceFile.self, from: json)
        } catch let error as ScopeFlowError {
            throw ScopeFlowError(error.code, "\(source): \(error.message)", names: [source], underlying: error)
        } catch {
            throw ScopeFlowError(
                .dataLoss, "\(source) is not a replay trace in the models' format: \(Self.describe(error)).",
                names: [source], underlying: error)
        }
        try self.init(file: file, source: source)
    }

    private init(file: TraceFile, source: String) throws {
        let steps = file.feeds_per_step.count
        func perStep<T>(_ lists: [T]?, _ key: String) throws -> [T]? {
            guard let lists else { return nil }
            guard lists.count == steps else {
                throw ScopeFlowError(
                    .dataLoss, "\(source): '\(key)' has \(lists.count) entries for \(steps) steps; give one per step.",
                    names: [source])
            }
            return lists
        }
        guard file.steps.count == steps else {
            throw ScopeFlowError(
                .dataLoss,
                "\(source): 'steps' has \(file.steps.count) entries but 'feeds_per_step' has \(steps); give one of "
                    + "each per step.",
                names: [source])
        }
        let targetsPerStep = try perStep(file.run_targets_per_step, "run_targets_per_step")
        let fetchesPerStep = try perStep(file.fetches_per_step, "fetches_per_step")
        var runs: [Run] = []
        for step in 0..<steps {
            runs.append(
                Run(
                    label: "step \(step)", feeds: file.feeds_per_step[step].mapValues(\.tensor),
                    fetches: fetchesPerStep?[step] ?? file.fetches ?? [],
                    targets: targetsPerStep?[step] ?? file.run_targets ?? [],
                    expected: file.steps[step].mapValues(\.tensor)))
        }
        for (index, eval) in (file.eval ?? []).enumerated() {
            runs.append(
                Run(
                    label: "eval \(index)", feeds: eval.feeds.mapValues(\.tensor), fetches: eval.fetches,
                    targets: eval.run_targets ?? [], expected: eval.values.mapValues(\.tensor)))
        }
        for run in runs {
            for fetch in run.fetches where run.expected[fetch] == nil {
                throw ScopeFlowError(
                    .dataLoss, "\(source): \(run.label) fetches '\(fetch)' but records no value for it.",
                    names: [source, fetch])
            }
        }
        self.model = file.model
        self.runs = runs
        self.initialCheckpoint = file.init_ckpt
        self.finalCheckpoint = file.final_ckpt
        self.variables = file.variables
        self.tolerance = file.tolerance
        self.variableTolerances = file.schedule_dependent_variables ?? [:]
    }

    /// A decoding error in words: what is wrong and where.
    private static func describe(_ error: Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the top level" : String(keys.drop { $0 == "." })
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "the key '\(key.stringValue)' is missing at \(path(context))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            return "\(context.debugDescription) at \(path(context))"
        default:
            return "\(error)"
        }
    }
}

/// The JSON layout of `trace.json`, key for key.
private struct TraceFile: Decodable {
    struct Eval: Decodable {
        let feeds: [String: TraceTensor]
        let fetches: [String]
        let run_targets: [String]?
        let values: [String: TraceTensor]
    }
    let model: String
    let feeds_per_step: [[String: TraceTensor]]
    let run_targets: [String]?
    let run_targets_per_step: [[String]]?
    let fetches: [String]?
    let fetches_per_step: [[String]]?
    let steps: [[String: TraceTensor]]
    let eval: [Eval]?
    let init_ckpt: String
    let final_ckpt: String
    let variables: [String]
    let tolerance: ReplayTrace.Tolerance
    let schedule_dependent_variables: [String: ReplayTrace.Tolerance]?
}

/// A tensor value of a trace: `{"dtype", "shape", "values"}` with the values flattened row-major.
private struct TraceTensor: Decodable {
    let tensor: HostTensor

    private enum Keys: String, CodingKey { case dtype, shape, values }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let dtype = try container.decode(String.self, forKey: .dtype)
        let shape = try container.decode([Int].self, forKey: .shape)
        let storage: HostTensor.Storage
        switch dtype {
        case "float32": storage = .float32(try container.decode([Double].self, forKey: .values).map { Float($0) })
        case "int32": storage = .int32(try container.decode([Int32].self, forKey: .values))
        case "int64": storage = .int64(try container.decode([Int64].self, forKey: .values))
        case "bool": storage = .bool(try container.decode([Bool].self, forKey: .values))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .dtype, in: container,
                debugDescription: "dtype '\(dtype)' is not one of float32, int32, int64, bool")
        }
        do {
            tensor = try HostTensor(storage: storage, shape: shape)
        } catch let error as ScopeFlowError {
            throw DecodingError.dataCorruptedError(forKey: .values, in: container, debugDescription: error.message)
        }
    }
}
