import Foundation
import ScopeFlowProto
import Testing

@testable import ScopeFlow

/// `Summary.image` against TF 2.21 (`Resources/image_summaries.json`, recorded by
/// `Scripts/tf-verify/record_image_summaries.py`): TF's nodes and attributes, and for every
/// recorded input the Summary's tags, sizes and colorspace and the pixels its PNG files decode
/// to (read back with the project's own Inflate).
@Suite struct ImageSummaryTests {
    struct Recorded: Decodable {
        struct Node: Decodable {
            let name, op: String
            let inputs: [String]
            let attrs: [String: String]
        }
        struct Image: Decodable {
            let tag: String
            let height, width, colorspace: Int
            let pixels: [UInt8]
        }
        struct Case: Decodable {
            let id, dtype: String
            let shape: [Int]
            let max_outputs: Int
            let values: [RecordedFloat]
            let images: [Image]
        }
        let graph: [Node]
        let summaries_collection: [String]
        let cases: [Case]
    }

    /// A number, or `"nan"`, `"inf"`, `"-inf"`.
    struct RecordedFloat: Decodable {
        let value: Double
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                value = number
            } else {
                value = ["nan": .nan, "inf": .infinity, "-inf": -.infinity][try container.decode(String.self)]!
            }
        }
    }

    static let recorded: Recorded = {
        let url = Bundle.module.url(forResource: "image_summaries", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(Recorded.self, from: Data(contentsOf: url))
    }()

    @Test func buildsTensorFlowsNodes() throws {
        let graph = Graph()
        let summary = try graph.asDefault {
            try Summary.image("filters", placeholder(.float32, shape: [3, 4, 5, 3], name: "images"), maxOutputs: 2)
        }
        let nodes = graph.graphDef().node
        #expect(nodes.map(\.name) == Self.recorded.graph.map(\.name))
        #expect(nodes.map(\.op) == Self.recorded.graph.map(\.op))
        #expect(nodes.map(\.input) == Self.recorded.graph.map(\.inputs))
        let op = try #require(nodes.first { $0.op == "ImageSummary" })
        #expect(op.attr["max_images"]?.i == 2)
        #expect(op.attr["T"]?.type == .dtFloat)
        let badColor = try #require(op.attr["bad_color"]?.tensor)
        #expect(badColor.dtype == .dtUint8)
        #expect(badColor.tensorShape.dim.map(\.size) == [4])
        #expect(badColor.intVal == [255, 0, 0, 255])
        #expect(
            Self.recorded.graph.first { $0.op == "ImageSummary" }?.attrs["bad_color"]
                == "tensor uint8 [4] [255, 0, 0, 255]")
        #expect(try graph.collection(Summary.collectionKey).map(\.name) == Self.recorded.summaries_collection)
        #expect(summary.name == "filters:0")
    }

    @Test(arguments: recorded.cases.map(\.id))
    func summaryMatchesTensorFlow(_ id: String) throws {
        let recorded = try #require(Self.recorded.cases.first { $0.id == id })
        let values = recorded.values.map(\.value)
        let storage: HostTensor.Storage =
            switch recorded.dtype {
            case "float16": .float16(values.map { Float16($0) })
            case "float64": .float64(values)
            default: .float32(values.map { Float($0) })
            }
        let input = try HostTensor(storage: storage, shape: recorded.shape)
        let graph = Graph()
        let (images, summary) = try graph.asDefault {
            let images = try placeholder(input.dtype, shape: Shape(known: recorded.shape), name: "images")
            return (images, try Summary.image("img", images, maxOutputs: recorded.max_outputs))
        }
        let output = try Session(graph: graph).run(summary, feeds: [images: input])
        guard case .string(let strings) = output.storage, let bytes = BinaryString.decode(strings[0]) else {
            Issue.record("ImageSummary did not output one serialized string")
            return
        }
        let proto = try Tensorflow_Summary(serializedBytes: bytes)
        #expect(proto.value.count == recorded.images.count)
        for (value, expected) in zip(proto.value, recorded.images) {
            #expect(value.tag == expected.tag)
            #expect(value.image.height == Int32(expected.height))
            #expect(value.image.width == Int32(expected.width))
            #expect(value.image.colorspace == Int32(expected.colorspace))
            let png = try PNGTestDecoder.decode([UInt8](value.image.encodedImageString))
            #expect(png.width == expected.width && png.height == expected.height && png.bitDepth == 8)
            #expect(png.colorType == [1: 0, 3: 2, 4: 6][expected.colorspace])
            #expect(png.pixels == expected.pixels, "pixels of \(expected.tag)")
        }
    }

    @Test func badInputsAreClearErrors() throws {
        try Graph().asDefault {
            let error = #expect(throws: ScopeFlowError.self) {
                try Summary.image("x", placeholder(.int32, shape: [1, 2, 2, 3]))
            }
            #expect(error?.code == .dtypeMismatch)
            for shape: Shape in [[2, 3, 4], [1, 2, 2, 2]] {
                let shapeError = #expect(throws: ScopeFlowError.self) {
                    try Summary.image("x", placeholder(.float32, shape: shape))
                }
                #expect(shapeError?.message.contains("1, 3 or 4 channels") == true)
            }
            let countError = #expect(throws: ScopeFlowError.self) {
                try Summary.image("x", placeholder(.float32, shape: [1, 2, 2, 3]), maxOutputs: 0)
            }
            #expect(countError?.code == .invalidArgument)
        }
        let graph = Graph()
        let (images, summary) = try graph.asDefault {
            let images = try placeholder(.float32, name: "images")
            return (images, try Summary.image("x", images))
        }
        let session = Session(graph: graph)
        let runError = #expect(throws: ScopeFlowError.self) {
            try session.run(summary, feeds: [images: HostTensor([Float](repeating: 1, count: 8), shape: [2, 2, 2])])
        }
        #expect(runError?.message.hasPrefix("Tensor must be 4-D with last dim 1, 3, or 4, not [2,2,2]") == true)
        let emptyError = #expect(throws: ScopeFlowError.self) {
            try session.run(summary, feeds: [images: HostTensor([Float](), shape: [1, 0, 2, 3])])
        }
        #expect(emptyError?.message.hasPrefix("input tensor must have non-zero dims. Found: [1,0,2,3]") == true)
    }

    @Test func anImportedImageSummaryRunsWithItsBadColor() throws {
        let graph = Graph()
        let (images, summary) = try graph.asDefault {
            let images = try placeholder(.float32, shape: [1, 1, 2, 3], name: "images")
            return (images, try Summary.image("x", images, maxOutputs: 1))
        }
        var graphDef = graph.graphDef()
        let index = try #require(graphDef.node.firstIndex { $0.op == "ImageSummary" })
        graphDef.node[index].attr["bad_color"]!.tensor.intVal = [0, 0, 255]  // one value per channel, blue
        let imported = Graph()
        _ = try imported.importGraphDef(graphDef, prefix: "")
        let importedSummary = try #require(imported.tensor(named: summary.name))
        let importedImages = try #require(imported.tensor(named: images.name))
        let output = try Session(graph: imported).run(
            importedSummary, feeds: [importedImages: HostTensor([Float]([1, 2, 3, .nan, 0, 0]), shape: [1, 1, 2, 3])])
        guard case .string(let strings) = output.storage, let bytes = BinaryString.decode(strings[0]) else {
            Issue.record("ImageSummary did not output one serialized string")
            return
        }
        let proto = try Tensorflow_Summary(serializedBytes: bytes)
        let png = try PNGTestDecoder.decode([UInt8](proto.value[0].image.encodedImageString))
        #expect(png.pixels == [85, 170, 255, 0, 0, 255])  // 255 / 3 scale; the NaN pixel blue
    }
}
