import XCTest

@testable import Workbook

/// The text and SVG renderings of a plot show the same data.
final class PlotTests: XCTestCase {
    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    func testLinePlotsAgreeOnPointsAndAxisRange() {
        let plot = Plot(
            title: "Loss <&>", xLabel: "update", yLabel: "loss",
            kind: .lines(
                [Plot.Series(name: "raw", y: [1, 4, 2]), Plot.Series(name: "smooth", y: [1.5, 2.5, 2.25])], logY: false)
        )
        let text = ASCIIPlot.render(plot)
        let svg = SVGPlot.render(plot)
        let lines = text.components(separatedBy: "\n")
        // Lines 0 and 1 are the title and the y label; the grid is 15 rows.
        let grid = lines[2...16].map { String($0.dropFirst(6)) }.joined()
        XCTAssertEqual(count("*", in: grid), 3)
        XCTAssertEqual(count("o", in: grid), 3)
        XCTAssertTrue(lines[2].hasPrefix("   4 +"), lines[2])
        XCTAssertTrue(lines[16].hasPrefix("   1 +"), lines[16])
        XCTAssertTrue(text.contains("legend: * raw   o smooth"))
        XCTAssertEqual(count("<polyline", in: svg), 2)
        XCTAssertEqual(count("<circle", in: svg), 6)
        XCTAssertTrue(svg.contains(">4</text>") && svg.contains(">1</text>"))
        XCTAssertTrue(svg.contains("aria-label=\"Loss &lt;&amp;&gt;\""))
        XCTAssertFalse(svg.contains("<&>"))
    }

    /// On a slide a plot is drawn on a smaller canvas (360 × 190 units against the page's 640 × 300) with the
    /// same 11-unit text, so that drawn as large as the slide allows its labels come out near 23 px; the axes,
    /// the labels and the title's lines follow the canvas (a title of more than 45 characters takes two lines on
    /// the slide, at 7.5 units a character in 344, and the drawing moves down 16 units).
    func testASlidePlotIsDrawnOnASmallerCanvasWithTheSameText() {
        let title = "Hidden states h(t), one row per step (input h, e, l, l), one column per unit"
        let plot = Plot(
            title: title, xLabel: "update", yLabel: "loss",
            kind: .lines([Plot.Series(name: "", y: [1, 4, 2])], logY: false))
        let page = SVGPlot.render(plot)
        let slide = SVGPlot.render(plot, canvas: .slide)
        XCTAssertTrue(page.contains("viewBox=\"0 0 640.00 300.00\""), page)
        XCTAssertTrue(page.contains("<path d=\"M64.00 28.00V254.00H624.00\"/>"), page)
        XCTAssertTrue(page.contains("<text x=\"344.00\" y=\"292.00\" text-anchor=\"middle\">update</text>"), page)
        XCTAssertEqual(count("class=\"wb-plot-title\"", in: page), 1)
        XCTAssertFalse(page.contains("translate"))
        // The slide's: 360 wide, 190 high and 16 more for the title's second line.
        XCTAssertTrue(slide.contains("viewBox=\"0 0 360.00 206.00\""), slide)
        XCTAssertTrue(slide.contains("<path d=\"M64.00 28.00V144.00H344.00\"/>"), slide)
        XCTAssertTrue(slide.contains("<text x=\"204.00\" y=\"182.00\" text-anchor=\"middle\">update</text>"), slide)
        XCTAssertTrue(
            slide.contains(
                "<text x=\"180.00\" y=\"18\" text-anchor=\"middle\" class=\"wb-plot-title\">Hidden states h(t), one row per step (input</text>\n"
                    + "<text x=\"180.00\" y=\"34\" text-anchor=\"middle\" class=\"wb-plot-title\">h, e, l, l), one column per unit</text>\n"
                    + "<g transform=\"translate(0 16.00)\">"), slide)
        XCTAssertTrue(slide.contains("aria-label=\"\(title)\""))
        XCTAssertEqual(SVGPlot.titleLines("", width: 344), [""])
        XCTAssertEqual(SVGPlot.titleLines(String(repeating: "x", count: 60), width: 344), [String(repeating: "x", count: 60)])
        XCTAssertEqual(SVGPlot.titleLines("a  b", width: 344), ["a b"])
    }

    /// Ticks close together get the digits that tell them apart (on the code before, a loss between 0.24998 and
    /// 0.25002 had six y ticks all labelled "0.25", in both handouts); ten lines get ten colours (a seventh was
    /// the first's blue) and ten markers.
    func testTicksAreToldApartAndTenLinesHaveTenColours() {
        let flat = Plot(
            title: "flat", xLabel: "", yLabel: "",
            kind: .lines([Plot.Series(name: "", y: [0.24998, 0.25, 0.25002])], logY: false))
        let svg = SVGPlot.render(flat)
        let labels = svg.matches(of: #/text-anchor="end">([^<]*)</text>/#).map { String($0.output.1) }
        // The axis ends on a whole step past the data (0.25003), as the others do.
        XCTAssertEqual(labels, ["0.24998", "0.24999", "0.25", "0.25001", "0.25002", "0.25003"])
        let text = ASCIIPlot.render(flat)
        for label in labels { XCTAssertTrue(text.contains(label + " +"), text) }
        XCTAssertEqual(ASCIIPlot.ticks([1, 2, 3]), ["1", "2", "3"])
        XCTAssertEqual(ASCIIPlot.ticks([1e-5, 1e-4], logY: false), ["1e-05", "0.0001"])
        let many = Plot(
            title: "ten", xLabel: "", yLabel: "",
            kind: .lines((0..<10).map { Plot.Series(name: "s\($0)", y: [Double($0), Double($0) + 1]) }, logY: false))
        let strokes = SVGPlot.render(many).matches(of: #/<polyline [^>]*stroke="(#[0-9a-f]{6})"/#).map { String($0.output.1) }
        XCTAssertEqual(strokes.count, 10)
        XCTAssertEqual(Set(strokes).count, 10)
        XCTAssertTrue(ASCIIPlot.render(many).contains("~ s9"))
    }

    /// A line of 200,000 points (a loss over as many updates, with one spike and one dip) is drawn through a few
    /// thousand (on the code before, all 200,000: 5.4 MB of SVG), and one of 600 through all of them.
    func testALongLineIsDrawnThroughTheExtremesOfEachColumn() {
        var y = (0..<200_000).map { 2 + sin(Double($0) / 997) + Double(($0 * 7919) % 101) / 500 }
        (y[123_457], y[77_777]) = (50, -40)
        let plot = { (y: [Double]) in
            SVGPlot.render(
                Plot(
                    title: "loss", xLabel: "update", yLabel: "loss",
                    kind: .lines([.init(name: "loss", y: y)], logY: false)))
        }
        let points = { (svg: String) in
            svg.components(separatedBy: "<polyline points=\"")[1].prefix { $0 != "\"" }.split(separator: " ")
        }
        let svg = plot(y)
        let drawn = points(svg).map { $0.split(separator: ",").map { Double($0)! } }
        XCTAssertLessThanOrEqual(drawn.count, 4 * 2 * 640)
        XCTAssertGreaterThan(drawn.count, 2 * 500)
        XCTAssertLessThan(svg.utf8.count, 200_000)
        // The spike and the dip are drawn: the highest point near the top of the plot area (50.6, the axis ending
        // at 60; the other values, 1 to 3.2, about 100 units lower) and the lowest at its bottom (254), 62 % and
        // 39 % of the way along.
        let (xs, heights) = (drawn.map { $0[0] }, drawn.map { $0[1] })
        let top = heights.indices.min { heights[$0] < heights[$1] }!
        let bottom = heights.indices.max { heights[$0] < heights[$1] }!
        let along = { (i: Int) in (xs[i] - xs[0]) / (xs[xs.count - 1] - xs[0]) }
        XCTAssertLessThan(heights[top], 60)
        XCTAssertGreaterThan(heights[bottom], 240)
        XCTAssertEqual(along(top), 123_457.0 / 199_999, accuracy: 0.002)
        XCTAssertEqual(along(bottom), 77_777.0 / 199_999, accuracy: 0.002)
        XCTAssertEqual(heights.filter { $0 < 100 || $0 > 200 }.count, 2)
        XCTAssertEqual(points(plot(Array(y.prefix(600)))).count, 600)
    }

    /// Markers are drawn on a line of at most 40 points, never on a longer one, however few points thinning
    /// keeps of it: 5,000 points squeezed into the first few columns beside a line to x = 1,000,000 are thinned
    /// to fewer than 40 (on the code before, each was then drawn with a marker).
    func testMarkersFollowTheLinesPointsNotTheThinnedOnes() {
        let squeezed = Plot.Series(
            name: "many", x: (0..<5_000).map(Double.init), y: (0..<5_000).map { sin(Double($0)) })
        let wide = Plot.Series(name: "two", x: [0, 1_000_000], y: [-1, 1])
        let svg = SVGPlot.render(
            Plot(title: "t", xLabel: "x", yLabel: "y", kind: .lines([squeezed, wide], logY: false)))
        let lines = svg.components(separatedBy: "<polyline points=\"").dropFirst().map {
            $0.prefix { $0 != "\"" }.split(separator: " ").count
        }
        XCTAssertEqual(lines.count, 2)
        XCTAssertLessThan(lines[0], 40)
        XCTAssertEqual(lines[1], 2)
        XCTAssertEqual(count("r=\"2.5\" fill=\"\(SVGPlot.colors[0])\"", in: svg), 0)
        XCTAssertEqual(count("r=\"2.5\" fill=\"\(SVGPlot.colors[1])\"", in: svg), 2)
    }

    /// `SVGPlot.thinned` keeps, of each column's run of points, the first, lowest, highest and last, in order.
    func testThinningKeepsEachColumnsFirstLowestHighestAndLast() {
        let points = (0..<1_000).map { (x: Double($0), y: Double(($0 * 37) % 101)) }
        let kept = SVGPlot.thinned(points, columns: 100) { Int($0) / 10 }
        XCTAssert((200...400).contains(kept.count), "\(kept.count)")
        for column in 0..<100 {
            let all = points[(column * 10)..<(column * 10 + 10)]
            let here = kept.filter { Int($0.x) / 10 == column }
            XCTAssertEqual(here.first?.x, all.first?.x)
            XCTAssertEqual(here.last?.x, all.last?.x)
            XCTAssertEqual(here.map(\.y).min(), all.map(\.y).min())
            XCTAssertEqual(here.map(\.y).max(), all.map(\.y).max())
            XCTAssertEqual(here.map(\.x), here.map(\.x).sorted())
            XCTAssertLessThanOrEqual(here.count, 4)
        }
        // At most four a column: drawn as they are.
        XCTAssertEqual(SVGPlot.thinned(Array(points.prefix(400)), columns: 100) { Int($0) / 10 }.count, 400)
    }

    func testAxesTickAtOneTwoFiveStepsWithoutDuplicates() {
        // The odd values seen on handouts (0.173 … 0.751) get round ticks, and the axis reaches them.
        XCTAssertEqual(
            Plot.axis(0.173, 0.751, extend: true), Plot.Axis(low: 0, high: 0.8, ticks: [0, 0.2, 0.4, 0.6, 0.8]))
        // Steps 1 … 4: whole numbers, each once (a range of 3 with 5 ticks used to repeat 2 and 3).
        XCTAssertEqual(Plot.axis(1, 4, integers: true, extend: false).ticks, [1, 2, 3, 4])
        XCTAssertEqual(Plot.axis(1, 160, integers: true, extend: false).ticks, [50, 100, 150])
        XCTAssertEqual(Plot.axis(-0.3, 0.3, extend: true).ticks.map { "\($0)" }, ["-0.4", "-0.2", "0.0", "0.2", "0.4"])
        XCTAssertEqual(Plot.axis(2, 2, extend: true).ticks, [2])
        XCTAssertEqual(Plot.logAxis(-6, 2).ticks, [-6, -4, -2, 0, 2])
        let svg = SVGPlot.render(
            Plot(
                title: "t", yLabel: "probability",
                kind: .lines([Plot.Series(name: "", y: [0.173, 0.5, 0.751])], logY: false)))
        for label in ["0", "0.2", "0.4", "0.6", "0.8"] { XCTAssertTrue(svg.contains(">\(label)</text>"), label) }
        XCTAssertFalse(svg.contains(">0.173<"))
        // The axis title stands left of the widest tick label.
        let title = svg.range(
            of: #"<text x="([0-9.]+)" y="[0-9.]+" text-anchor="middle" transform="rotate"#, options: .regularExpression)
        XCTAssertNotNil(title, svg)
        XCTAssertEqual(Plot.shown(" "), "␣")
        XCTAssertTrue(
            ASCIIPlot.render(Plot(title: "p", kind: .bars(labels: [" ", "a"], values: [0.5, 0.5]))).contains("␣ |"))
    }

    func testLogScaleDropsNonPositiveValuesAndLabelsPowersOfTen() {
        let plot = Plot(title: "g", kind: .lines([Plot.Series(name: "", y: [1e-6, 0, 1e2])], logY: true))
        let text = ASCIIPlot.render(plot)
        XCTAssertEqual(count("*", in: text.components(separatedBy: "\n").dropFirst().joined()), 2)
        XCTAssertTrue(text.contains("100 +"))
        XCTAssertTrue(text.contains("1e-06 +"))
        XCTAssertEqual(count("<circle", in: SVGPlot.render(plot)), 2)
    }

    func testBarsAndHeatmapsShowEveryValue() {
        let bars = Plot(title: "P", kind: .bars(labels: ["h", "<e>"], values: [0.75, 0.25]))
        let text = ASCIIPlot.render(bars)
        XCTAssertTrue(text.contains("h   |" + String(repeating: "#", count: 40) + " 0.7500"), text)
        XCTAssertTrue(text.contains("<e> |" + String(repeating: "#", count: 13)), text)
        let svg = SVGPlot.render(bars)
        XCTAssertEqual(count("<rect", in: svg), 2)
        XCTAssertTrue(svg.contains("&lt;e&gt;") && svg.contains(">0.2500</text>"))
        let heat = Plot(
            title: "h",
            kind: .heatmap(
                rowLabels: ["1", "2"], columnLabels: ["a", "b", "c"], values: [[-1, 0, 1], [0.5, -0.5, 0]]))
        XCTAssertEqual(count("<rect", in: SVGPlot.render(heat)), 6)
        XCTAssertTrue(SVGPlot.render(heat).contains("fill=\"#ffffff\""))
        let heatText = ASCIIPlot.render(heat)
        XCTAssertTrue(heatText.contains("1 | +@|\n2 |#:+|"), heatText)
        XCTAssertEqual(SVGPlot.color(1, scale: 1), "#ff4b37")
        XCTAssertEqual(SVGPlot.color(-1, scale: 1), "#3773ff")
    }

    /// Found by the structured fuzzer: a range wider than the largest Double (`high - low` overflows) made a
    /// point's position NaN, and converting it to a grid cell trapped.
    func testRangesWiderThanTheLargestDoubleAndFlatHugeSeriesAreDrawn() {
        for values in [
            [-1e308, 1e308], [1e308, 1e308], [-Double.greatestFiniteMagnitude, 0, .greatestFiniteMagnitude],
        ] {
            let lines = Plot(title: "wide", kind: .lines([Plot.Series(name: "", x: values, y: values)], logY: false))
            let text = ASCIIPlot.render(lines)
            XCTAssertEqual(count("*", in: text), Set(values).count, "\(values)")
            XCTAssertFalse(SVGPlot.render(lines).contains("nan"), "\(values)")
            let heat = Plot(
                title: "heat", kind: .heatmap(rowLabels: ["a"], columnLabels: ["1", "2"], values: [values]))
            XCTAssertFalse(ASCIIPlot.render(heat).isEmpty)
            XCTAssertFalse(SVGPlot.render(heat).contains("nan"))
        }
    }
}
