import Foundation

/// The page `course.pdf` is printed from: a title page, the contents with each lesson's first page, and every
/// lesson's handout in order, each starting on a new page. A lesson's part is written from its tree by the HTML
/// writer as its page's `<main>` and footer are (`part`, when the lesson builds), its ids made unique by the
/// lesson's slug and links to lessons and their sections pointing inside the document (`AnchorScope.printed`).
/// Chromium has no `target-counter`, so the contents' page numbers come from the printed PDF itself: the named
/// destination of each lesson's part (`PDFFile.destinationPages`).
enum CoursePrintPage {
    struct Lesson {
        let slug: String
        let title: String
        /// The lesson's part (`part`).
        let part: String
    }

    /// A lesson's part of the print page of a course of `lessons` (slugs): its title block, body and footer.
    static func part(_ executed: ExecutedLesson, lessons: Set<String>) -> String {
        let slug = executed.lesson.slug
        let writer = HTMLWriter(assets: .none, scope: .printed(slug, lessons: lessons))
        let title = writer.titleBlock(executed)
        return "<div class=\"wb-lesson\">\n" + title + writer.body(executed) + "</div>\n"
            + HTMLWriter.footer(executed.lesson) + "\n"
    }

    /// The whole document; `firstPages` are the lessons' first pages (nil: placeholders).
    static func html(_ lessons: [Lesson], course: CourseFile, assets: AssetLinks, firstPages: [Int]?) -> String {
        var body = front(lessons, course: course, firstPages: firstPages)
        for lesson in lessons {
            body +=
                "<section class=\"wb-print-lesson\" id=\"\(HTML.escape(lesson.slug))\">\n"
                + lesson.part + "</section>\n"
        }
        return HTMLWriter.document(title: title(course), assets: assets, body: body)
    }

    static func title(_ course: CourseFile) -> String { course.title ?? "Course handouts" }

    /// The title page and the contents.
    static func front(_ lessons: [Lesson], course: CourseFile, firstPages: [Int]?) -> String {
        let byline = [course.author, course.term].compactMap { $0 }.map { HTML.escape($0) }.joined(separator: " · ")
        var html = """
            <div class="wb-print-title">
            <h1>\(HTML.escape(title(course)))</h1>
            \(byline.isEmpty ? "" : "<p class=\"wb-print-byline\">\(byline)</p>\n")<p class="wb-muted">\(lessons.count) lesson\(lessons.count == 1 ? "" : "s"). Every number in them was computed and checked by RNN Workbook.</p>
            </div>
            <nav class="wb-print-contents" aria-label="Contents">
            <h2>Contents</h2>
            <ol>

            """
        for (i, lesson) in lessons.enumerated() {
            let number = firstPages.map { String($0[i]) } ?? "000"
            html +=
                "<li><a href=\"#\(HTML.escape(lesson.slug))\"><span>\(HTML.escape(lesson.title))</span><span class=\"wb-print-page\">\(number)</span></a></li>\n"
        }
        return html + "</ol>\n</nav>\n"
    }
}
