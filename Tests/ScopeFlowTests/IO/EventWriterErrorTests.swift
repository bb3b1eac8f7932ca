import Foundation
import Testing

@testable import ScopeFlow

/// A log folder that cannot be made is a clear error with the system's reason.
@Suite struct EventWriterErrorTests {
    @Test func aLogFolderUnderAFileSaysWhy() throws {
        let folder = try Fixtures.temporaryDirectory()
        let file = folder + "/file"
        #expect(FileManager.default.createFile(atPath: file, contents: Data([1])))
        do {
            _ = try FileWriter(logdir: file + "/run")
            Issue.record("expected an error")
        } catch let error as ScopeFlowError {
            #expect(error.code == .notFound)
            #expect(error.message.hasPrefix("Cannot create the log folder \(file)/run: Not a directory."))
            #expect(!error.message.contains("NSCocoaErrorDomain"))
        }
    }

    @Test func aWriterMakesItsFolderAndFile() throws {
        let folder = try Fixtures.temporaryDirectory() + "/a/b"
        let writer = try FileWriter(logdir: folder)
        try writer.close()
        let contents = try EventFileContents(path: writer.path)
        #expect(contents.events.first?.fileVersion == "brain.Event:2")
    }
}
