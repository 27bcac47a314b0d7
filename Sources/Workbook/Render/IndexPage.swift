/// `index.html`: the course's title (from the course file), its lessons in order, with links to both handouts.
enum IndexPage {
    static func html(
        lessons: [LessonProduct], assets: AssetLinks, course: CourseFile = CourseFile(), bibliography: Bool = false
    ) -> String {
        var items = ""
        for lesson in lessons {
            let slug = HTML.escape(lesson.slug)
            items +=
                "<li><a href=\"\(slug).html\">\(HTML.escape(lesson.title))</a> <span class=\"wb-muted\">(<a href=\"\(slug).md\">Markdown</a>, from <code>\(HTML.escape(lesson.path))</code>)</span></li>\n"
        }
        let title = HTML.escape(course.title ?? "Course handouts")
        let byline = [course.author, course.term].compactMap { $0 }.map { HTML.escape($0) }.joined(separator: " · ")
        // The sidebar (search and every lesson) as on the lessons' pages, no lesson marked current.
        return HTMLWriter.document(
            title: course.title ?? "Course handouts", assets: assets,
            body: """
                <div class="wb-page">
                <aside class="wb-sidebar" id="wb-sidebar" aria-label="Course">\(SiteHTML.sidebar(lessons, current: -1, course: course, bibliography: bibliography))</aside>
                <div class="wb-content">
                <nav class="wb-nav">\(HTMLWriter.menuButton)\(HTMLWriter.themeButton)</nav>
                <main class="wb-lesson">
                <h1>\(title)</h1>
                \(byline.isEmpty ? "" : "<p class=\"wb-muted\">\(byline)</p>\n")<p>Lessons on recurrent neural networks. Every number in them is computed and checked by RNN Workbook.</p>
                <ol>
                \(items)</ol>
                \(bibliography ? "<p><a href=\"\(CourseCitations.pageName)\">References</a>: every work the lessons cite.</p>\n" : "")</main>
                </div>
                </div>

                """)
    }
}
