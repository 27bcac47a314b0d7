/// The live figures' assets in an edition that has live figures: the script, the style and the WebAssembly
/// module (`SwiftCellEnvironment.liveModule`). Where the module cannot be built (no wasm target in the
/// toolchain), the pages stay static, as pages are where scripts do not run, and the build warns once.
enum LiveModuleFiles {
    static func add(
        to generated: inout GeneratedFiles, lessons: [LessonProduct], environment: SwiftCellEnvironment?
    ) -> [Diagnostic] {
        // A byte search: `String.contains` over a large lesson's page was a sixth of its build.
        let isLive = { (html: String) in ByteSearch.contains(LiveFigure.figureOpening, in: html) }
        guard let first = lessons.first(where: { $0.html.map(isLive) == true }) else {
            return []
        }
        generated.add(LiveAssets.scriptPath, Array(LiveAssets.script.utf8), by: .assets)
        generated.add(LiveAssets.stylePath, Array(LiveAssets.stylesheet.utf8), by: .assets)
        let module =
            environment?.liveModule()
            ?? .failure(SwiftCellEnvironment.LiveModuleError(description: "no Swift toolchain was given to build it"))
        switch module {
        case .success(let wasm):
            generated.add(LiveAssets.modulePath, LiveAssets.moduleScript(wasm), by: .assets)
            return []
        case .failure(let error):
            return [
                Diagnostic(
                    .warning, path: first.path,
                    "live figures stay static: their WebAssembly module cannot be built here (\(error.description))")
            ]
        }
    }
}
