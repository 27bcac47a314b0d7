import Foundation

/// The files one edition of a build writes, each with what produces it, so that two things the build makes never
/// land on one path unnoticed: a lesson named `index.md` and the course's index page, a lesson `course.md` and the
/// course's PDF, an image beside a lesson and a page or another edition's folder. A clash, or a path that is both
/// a file and a folder of another, is an error naming both.
struct GeneratedFiles {
    /// What makes a file: for messages, and to tell a lesson's page rendered again from a clash.
    struct Producer: Equatable {
        let description: String
        /// The lesson responsible, where the error is reported; nil for the course's own files.
        let lesson: String?
        /// What the author can rename.
        let remedy: String
        var isImage = false

        static let assets = Producer(description: "the pages' assets", lesson: nil, remedy: "")
        static let index = Producer(description: "the course's index page", lesson: nil, remedy: "")
        static let search = Producer(description: "the course's search index", lesson: nil, remedy: "")
        static let coursePDF = Producer(description: "the course's PDF", lesson: nil, remedy: "")
        static let bibliography = Producer(description: "the course's bibliography page", lesson: nil, remedy: "")

        static func page(_ lesson: String) -> Producer {
            Producer(description: "the page of \(lesson)", lesson: lesson, remedy: "rename the lesson")
        }
        static func markdown(_ lesson: String) -> Producer {
            Producer(description: "the Markdown handout of \(lesson)", lesson: lesson, remedy: "rename the lesson")
        }
        static func slides(_ lesson: String) -> Producer {
            Producer(description: "the slides of \(lesson)", lesson: lesson, remedy: "rename the lesson")
        }
        static func pdf(_ lesson: String) -> Producer {
            Producer(description: "the PDF of \(lesson)", lesson: lesson, remedy: "rename the lesson")
        }
        static func saved(_ name: String, by lesson: String) -> Producer {
            Producer(
                description: "the file '\(name)' that \(lesson) saves", lesson: lesson, remedy: "rename the saved file")
        }
        static func image(shownBy lesson: String) -> Producer {
            Producer(
                description: "an image that \(lesson) shows", lesson: lesson, remedy: "rename the image", isImage: true)
        }
        static let studentEditions = Producer(
            description: "the folder of the student editions", lesson: nil, remedy: "")
    }

    private(set) var files: [String: [UInt8]] = [:]
    /// The files copied as they are (the lessons' images).
    private(set) var copies: [String: FileCopy] = [:]
    private(set) var diagnostics: [Diagnostic] = []
    /// Every path a producer claimed (a PDF is claimed before it is printed), and every folder on their way.
    private var owners: [String: Producer] = [:]
    private var folders: [String: Producer] = [:]
    /// The output folder, as messages name it.
    let out = "Output"

    /// Claims `path` for `producer` without its bytes (a file printed later, a PDF).
    mutating func reserve(_ path: String, for producer: Producer) {
        _ = claim(path, producer, copy: nil)
    }

    /// Adds `path`, unless another producer already claimed it: then it is an error naming both (two lessons
    /// may show the same image, byte for byte). The same producer may replace its own file.
    mutating func add(_ path: String, _ bytes: [UInt8], by producer: Producer) {
        if claim(path, producer, copy: nil) { files[path] = bytes }
    }

    /// `add` for a file copied as it is (an image).
    mutating func add(_ path: String, copying copy: FileCopy, by producer: Producer) {
        if claim(path, producer, copy: copy) { copies[path] = copy }
    }

    private mutating func claim(_ path: String, _ producer: Producer, copy: FileCopy?) -> Bool {
        if let other = owners[path], other != producer {
            let sameImage =
                other.isImage && producer.isImage && copy != nil && copies[path]?.sameBytes(as: copy!) == true
            if !sameImage {
                clash("\(out)/\(path) would be both \(other.description) and \(producer.description)", other, producer)
            }
            return sameImage
        }
        if let other = folders[path] {
            clash(
                "\(out)/\(path) would be \(producer.description), and a folder holding \(other.description)", other,
                producer)
            return false
        }
        let parts = path.split(separator: "/")
        for k in 1..<max(1, parts.count) {
            let folder = parts[..<k].joined(separator: "/")
            if let other = owners[folder] {
                clash(
                    "\(out)/\(folder) would be \(other.description), and a folder holding \(producer.description)",
                    other, producer)
                return false
            }
        }
        for k in 1..<max(1, parts.count) where folders[parts[..<k].joined(separator: "/")] == nil {
            folders[parts[..<k].joined(separator: "/")] = producer
        }
        owners[path] = producer
        return true
    }

    /// An error at the lesson responsible (the newer producer's, else the older's), with what to rename.
    private mutating func clash(_ what: String, _ older: Producer, _ newer: Producer) {
        let blamed = newer.lesson != nil ? newer : older
        let remedy = blamed.remedy.isEmpty ? "" : "; \(blamed.remedy)"
        diagnostics.append(Diagnostic(.error, path: blamed.lesson ?? out, what + remedy))
    }
}
