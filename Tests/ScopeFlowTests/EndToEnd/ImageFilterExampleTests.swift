import ScopeFlow
import ScopeFlowExamples
import ScopeFlowProto
import Testing

/// The image-filter example: `my_image_filter` fails without reuse, shares its
/// four variables with it, and training on `image1` changes `result2` too.
@Suite struct ImageFilterExampleTests {
    /// Small enough for a debug build: two 8×8 RGB images, 4 filters.
    private static let config = {
        var config = ImageFilterConfig()
        (config.batchSize, config.imageSize, config.filters) = (2, 8, 4)
        return config
    }()

    @Test func secondFilterWithoutReuseFailsWithAlreadyExists() throws {
        let error = try #require(try ImageFilterExample.errorWithoutReuse(Self.config))
        #expect(error.code == .alreadyExists)
        #expect(error.names == ["conv1/weights"])
        #expect(error.message.contains("Variable conv1/weights already exists"))
    }

    @Test func bothResultsUseTheSameFourVariables() throws {
        let example = try ImageFilterExample(Self.config)
        #expect(
            example.variables.map(\.name) == [
                "image_filters/conv1/weights:0", "image_filters/conv1/biases:0",
                "image_filters/conv2/weights:0", "image_filters/conv2/biases:0",
            ])
        #expect(
            [example.result1.name, example.result2.name]
                == ["image_filters/conv2/Relu:0", "image_filters/conv2_1/Relu:0"])
        let reused = try example.graph.asDefault {
            try variableScope("image_filters", reuse: .reuse) { _ in
                try ["conv1/weights", "conv1/biases", "conv2/weights", "conv2/biases"].map { try getVariable($0) }
            }
        }
        for (variable, again) in zip(example.variables, reused) { try expectShared(variable, again) }
        let report = example.graph.sharingReport()
        for variable in example.variables {
            let entry = try #require(report.entries.first { $0.name == variable.name })
            #expect(entry.provenance.uses.prefix(2).map(\.created) == [true, false])
        }
        let same = try example.results(sameInput: true)
        #expect(same.result1 == same.result2)
    }

    @Test func trainingOnImage1ReducesTheLossAndChangesResult2() throws {
        let example = try ImageFilterExample(Self.config)
        let before = try example.results()
        let initialLoss = try example.currentLoss()
        for _ in 0..<3 { try example.step() }
        let finalLoss = try example.currentLoss()
        let after = try example.results()
        #expect(finalLoss < 0.8 * initialLoss)
        #expect(zip(before.result2, after.result2).contains { $0 != $1 })
        #expect(after.result2.reduce(0, +) < before.result2.reduce(0, +))
    }

    /// The TensorBoard summary: the loss, each first-layer filter as an RGB image of its kernel
    /// size, every variable as a histogram of all its values (checked against TF's own summaries
    /// of a run by `Scripts/tf-verify/check_image_filter_tensorboard.py`).
    @Test func summaryShowsFiltersAsImagesAndVariablesAsHistograms() throws {
        let example = try ImageFilterExample(Self.config)
        guard case .string(let strings) = try example.currentSummary().storage else {
            Issue.record("the summary is not a string")
            return
        }
        let bytes = try #require(strings.first?.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
        let summary = try Tensorflow_Summary(serializedBytes: bytes)
        let images = summary.value.filter { $0.image.encodedImageString.count > 0 }
        #expect(images.map(\.tag) == (0..<Self.config.filters).map { "summaries/conv1_filters/image/\($0)" })
        for image in images {
            #expect([image.image.height, image.image.width, image.image.colorspace] == [5, 5, 3])
            #expect(image.image.encodedImageString.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
        let histograms = summary.value.filter { $0.histo.num > 0 }
        #expect(histograms.map(\.tag) == example.variables.map { "summaries/" + $0.op.name })
        #expect(histograms.map(\.histo.num) == example.variables.map { Double($0.shape.elementCount ?? 0) })
        #expect(summary.value.first?.tag == "summaries/loss")
    }
}
