import Foundation
import XCTest

@testable import Workbook

/// Links and images the handouts cannot honour are warnings at their line and column, never silence.
final class ReferenceWarningTests: XCTestCase {
    func warnings(_ text: String) -> [String] {
        let (_, diagnostics) = LessonParser.parse(
            SourceFile(path: "Lessons/x.md", text: text), slug: "x", allowRawHTML: false)
        return diagnostics.map(\.headline)
    }

    func testUnsafeAndLocalDestinationsAreWarnings() {
        XCTAssertEqual(
            warnings("# T\n\nSee [this](javascript:alert(1)) and ![a plot](DATA:text/html,x).\n"),
            [
                "Lessons/x.md:3:5: warning: the link's javascript: URL is left out of the HTML handout (javascript:, vbscript:, file: and data: URLs other than images are unsafe)",
                "Lessons/x.md:3:37: warning: the image's data: URL is left out of the HTML handout (javascript:, vbscript:, file: and data: URLs other than images are unsafe)",
            ])
        XCTAssertEqual(
            warnings("# T\n\n> quoted ![](https://example.org/f.png)\n"),
            [
                "Lessons/x.md:3:10: warning: this image has no alt text, which screen readers and text browsers show: write ![what it shows](…)"
            ])
        XCTAssertEqual(
            warnings(
                "# T\n\n![the network](fig.svg)\n\n- [next](02-next.md#top)\n- [up](#intro)\n- [data](data.csv)\n"),
            [
                "Lessons/x.md:5:3: error: there is no lesson '02-next.md' beside this one to link to",
                "Lessons/x.md:6:3: warning: no heading of this lesson has the anchor '#intro'",
                "Lessons/x.md:7:3: warning: the link to 'data.csv' points at a file the output folder does not hold (local files and other lessons are not linked from handouts); give an http(s) URL",
            ])
    }

    func testALocalImageWithoutAltTextGetsBothWarnings() {
        XCTAssertEqual(
            warnings("# T\n\nSee ![](fig.tiff).\n"),
            [
                "Lessons/x.md:3:5: warning: this image has no alt text, which screen readers and text browsers show: write ![what it shows](…)",
                "Lessons/x.md:3:5: warning: the local image 'fig.tiff' is not copied into the output folder (only .svg, .png, .jpg, .gif and .webp files beside the lesson are), so the handouts cannot show it",
            ])
    }

    func testLinksBetweenLessonsPointAtTheOtherHandout() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("links-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("# One\n\nOn to [the next](02-two.md#the-end).\n".utf8).write(
            to: folder.appendingPathComponent("01-one.md"))
        try Data("# Two\n\n## The end\n".utf8).write(to: folder.appendingPathComponent("02-two.md"))
        var options = BuildOptions()
        options.katexDirectory = nil
        let build = CourseBuilder.build(inputs: [folder.path], options: options)
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        let html = String(decoding: try XCTUnwrap(build.files["01-one.html"]), as: UTF8.self)
        XCTAssertTrue(html.contains("<a href=\"02-two.html#the-end\">the next</a>"), html)
        XCTAssertTrue(String(decoding: build.files["02-two.html"] ?? [], as: UTF8.self).contains("<h2 id=\"the-end\">"))
        let markdown = String(decoding: try XCTUnwrap(build.files["01-one.md"]), as: UTF8.self)
        XCTAssertTrue(markdown.contains("[the next](02-two.md#the-end)"), markdown)
    }

    func testLocalImagesAreCopiedAndAMissingOneIsAWarning() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("images-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("figures"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let svg = Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)
        try svg.write(to: folder.appendingPathComponent("figures/net.svg"))
        try Data("# One\n\n![the network](figures/net.svg)\n".utf8).write(
            to: folder.appendingPathComponent("01-one.md"))
        var options = BuildOptions()
        options.katexDirectory = nil
        let build = CourseBuilder.build(inputs: [folder.path], options: options)
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        XCTAssertEqual(build.copies["figures/net.svg"]?.digest, BuildCache.digest(svg))
        XCTAssertTrue(
            String(decoding: build.files["01-one.html"] ?? [], as: UTF8.self).contains(
                "<img src=\"figures/net.svg\" alt=\"the network\" />"))
        try Data("# One\n\nText.\n\n![the network](figures/none.png)\n".utf8).write(
            to: folder.appendingPathComponent("01-one.md"))
        let missing = CourseBuilder.build(inputs: [folder.path], options: options)
        XCTAssertEqual(
            missing.diagnostics.map { $0.headline.replacingOccurrences(of: folder.path + "/", with: "") },
            [
                "01-one.md:5:1: warning: the image 'figures/none.png' is not there, so the handouts show its alt text in its place; add the file, or build with --strict to make this an error"
            ])
    }

    func testWebLinksImagesAndCodeAreQuiet() {
        XCTAssertEqual(
            warnings(
                "# T\n\n[PyTorch](https://pytorch.org), <https://example.org>, [mail](mailto:a@b.c), "
                    + "![a dot](data:image/png;base64,iVBORw0KGgo=), `[x](javascript:y)`\n\n"
                    + "```\n![](local.png)\n```\n"),
            [])
    }

    /// Hugo's notes name their `static/` images from the site's root; the handouts open from any folder, so the
    /// image is missing there: on main it was kept without a word. A link from the root stays quiet.
    func testAnImageFromTheSitesRootIsAWarning() {
        XCTAssertEqual(
            warnings("# T\n\n![The types](/img/typesrnn.svg) and [home](/about/) and ![cdn](//cdn.example.org/x.png)\n"),
            [
                "Lessons/x.md:3:1: warning: the image '/img/typesrnn.svg' is a path from a web site's root: the handouts keep it as written, but the build neither copies nor checks it, so it shows only on a site whose root holds it; write its path from the lesson (the image in the course folder) to have it copied"
            ])
    }
}
