import Foundation

/// The order a course shows its lessons in (the sidebar, the pager, the index page, the print page) and the numbers
/// that order gives them (the `3` of `Eq. 3.2`): lessons whose front matter gives a `weight` or `order` first,
/// smaller first (ties in file order), then the others in file order (`LessonSource.files`: by name).
enum LessonOrder {
    /// `items` (in file order, each with its `weight`/`order`) in course order.
    static func ordered<Item>(_ items: [(item: Item, order: Double?)]) -> [Item] {
        let weighted = items.enumerated().filter { $0.element.order != nil }.sorted {
            ($0.element.order!, $0.offset) < ($1.element.order!, $1.offset)
        }
        return weighted.map(\.element.item) + items.filter { $0.order == nil }.map(\.item)
    }

    /// What the course order needs of a lesson file: whether a build leaves it out (a draft, unless `drafts`) and
    /// its `weight`/`order`. A file that cannot be read keeps its place in file order (its build reports why).
    static func place(of path: String, drafts: Bool, limits: Limits) -> (shown: Bool, order: Double?) {
        guard let file = try? LessonSource.read(path, limits: limits), let front = FrontMatter.read(file).0 else {
            return (true, nil)
        }
        return (!front.draft || drafts, front.order)
    }

    /// Each shown lesson's number in the course, by path (1 for the first the course shows); a left-out draft has none.
    static func numbers(_ places: [(path: String, shown: Bool, order: Double?)]) -> [String: Int] {
        let shown = ordered(places.filter(\.shown).map { (item: $0.path, order: $0.order) })
        return Dictionary(shown.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { first, _ in first })
    }
}
