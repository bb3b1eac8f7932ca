import Dispatch
import Synchronization
import Foundation
import Testing

@testable import ScopeFlow

/// `Session.run` from many threads at once on one session: TF documents a session as safe to
/// share, and runs that do not write the same variables must not wait for each other.
@Suite("Session runs from many threads")
struct SessionConcurrencyTests {
    /// Runs `body(i)` for `i` in `0..<count` on as many threads as Dispatch gives.
    private func concurrently(_ count: Int, _ body: @Sendable (Int) throws -> Void) throws {
        let failures = Mutex<[any Error]>([])
        DispatchQueue.concurrentPerform(iterations: count) { i in
            do { try body(i) } catch { failures.withLock { $0.append(error) } }
        }
        if let first = failures.withLock({ $0.first }) { throw first }
    }

    @Test("concurrent increments of one variable are all counted; of separate variables, each its own")
    func concurrentUpdates() throws {
        let graph = Graph()
        let (shared, own, incrementShared, incrementOwn) = try graph.asDefault {
            let shared = try Variable(Double(0), name: "shared")
            let own = try (0..<4).map { try Variable(Double(0), name: "own\($0)") }
            let incrementShared = try assignAdd(shared, constant(Float(1)))
            let incrementOwn = try own.map { try assignAdd($0, constant(Float(1))) }
            return (shared, own, incrementShared, incrementOwn)
        }
        let session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        try concurrently(400) { i in
            _ = try session.run(incrementShared)
            _ = try session.run(incrementOwn[i % 4])
        }
        #expect(try session.value(of: shared)?.floats == [400])
        for variable in own { #expect(try session.value(of: variable)?.floats == [100]) }
    }

    @Test("reads of shared weights from many threads give each feed its own answer")
    func concurrentInference() throws {
        let graph = Graph()
        let (x, y) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [1, 2], name: "x")
            let w = try getVariable("w", shape: [2, 2], initializer: .constant([1, 2, 3, 4]))
            return (x, try matmul(x, w))
        }
        let session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        try concurrently(500) { i in
            let a = Float(i)
            let out = try session.run(y, feeds: [x: try HostTensor([a, 1] as [Float], shape: [1, 2])])
            // [a, 1] · [[1, 2], [3, 4]] = [a + 3, 2a + 4]
            guard out.floats == [a + 3, 2 * a + 4] else {
                throw ScopeFlowError(.invalidArgument, "feed \(i) got \(out.floats ?? [])")
            }
        }
    }

    @Test("a random op shared by concurrent runs draws each value of its stream exactly once")
    func concurrentRandomStream() throws {
        func build() throws -> (Graph, Tensor) {
            let graph = Graph()
            graph.seed = 7
            return (graph, try graph.asDefault { try randomUniform(shape: [3], seed: 11) })
        }
        let (sequentialGraph, sequentialDraw) = try build()
        let sequentialSession = Session(graph: sequentialGraph)
        var expected: [Float] = []
        for _ in 0..<120 { expected += try sequentialSession.run(sequentialDraw).floats! }

        let (graph, draw) = try build()
        let session = Session(graph: graph)
        let drawn = Mutex<[Float]>([])
        try concurrently(120) { _ in
            let values = try session.run(draw).floats!
            drawn.withLock { $0 += values }
        }
        // Each run takes the next three values of the stream: the same values, in some order of runs.
        #expect(drawn.withLock { $0.sorted() } == expected.sorted())
    }

    @Test("runs that touch no common variable are in flight at the same time")
    func disjointRunsOverlap() throws {
        let graph = Graph()
        let (x, products) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [128, 128], name: "x")
            let products = try (0..<2).map { i in
                var h = x
                for _ in 0..<8 { h = try matmul(h, x, name: "p\(i)") }
                return h
            }
            return (x, products)
        }
        let session = Session(graph: graph)
        let feed = try HostTensor([Float](repeating: 0.001, count: 128 * 128), shape: [128, 128])
        // Threads of their own, not Dispatch's pool: with the whole test process busy, the pool may
        // hand every iteration to one worker, and then nothing could overlap whatever the session does.
        let failures = Mutex(0)
        var overlapped = false
        for _ in 0..<20 where !overlapped {
            session.resetPeakRunsInFlight()
            let done = DispatchSemaphore(value: 0)
            for i in 0..<4 {
                Thread {
                    for _ in 0..<25 {
                        if (try? session.run(products[i % 2], feeds: [x: feed])) == nil { failures.withLock { $0 += 1 } }
                    }
                    done.signal()
                }.start()
            }
            for _ in 0..<4 { done.wait() }
            overlapped = session.peakRunsInFlight > 1
        }
        #expect(failures.withLock { $0 } == 0)
        #expect(overlapped, "no two runs were ever in flight together: runs are serialised")
    }

    @Test("assignValue while runs read the variable: every run sees a whole value")
    func assignDuringReads() throws {
        let graph = Graph()
        let (v, doubled) = try graph.asDefault {
            let v = try getVariable("v", shape: [1_000], initializer: .zeros)
            return (v, try add(v, v))
        }
        let session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        try concurrently(200) { i in
            if i % 4 == 0 {
                try session.assignValue(try HostTensor([Float](repeating: Float(i), count: 1_000), shape: [1_000]), to: v)
            } else {
                let out = try session.run(doubled).floats!
                guard Set(out).count == 1 else { throw ScopeFlowError(.invalidArgument, "a torn read: \(Set(out))") }
            }
        }
    }
}
