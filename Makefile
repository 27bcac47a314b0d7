# The README's two commands, and an install that works outside this checkout.
#   make                      build the course (Lessons/ into Output/)
#   make test                 run the tests
#   make install PREFIX=DIR   install bin/workbook and what Swift cells compile against (default /usr/local)
#   make uninstall PREFIX=DIR remove exactly what install put there

PREFIX ?= /usr/local
BIN := $(DESTDIR)$(PREFIX)/bin
SUPPORT := $(DESTDIR)$(PREFIX)/lib/workbook

.PHONY: all course test release install uninstall

all: course

course:
	.ci/setup && swift run -c release workbook build

test:
	.ci/setup && swift test --disable-swift-testing

release:
	.ci/setup && swift build -c release --product workbook

# The tool, the engine's sources with the C module maps they import (Swift cells are compiled against them),
# and the engine compiled once as a library, so that a course's first Swift cell compiles only its own code.
install: release
	install -d "$(BIN)" "$(SUPPORT)/Sources/RNN" "$(SUPPORT)/Sources/CZlib"
	install -m 755 .build/release/workbook "$(BIN)/workbook"
	install -m 644 Sources/RNN/compiler-flags.txt "$(SUPPORT)/Sources/RNN/"
	for folder in Sources/RNN/*/; do \
		name=$$(basename "$$folder"); \
		install -d "$(SUPPORT)/Sources/RNN/$$name" && install -m 644 "$$folder"*.swift "$(SUPPORT)/Sources/RNN/$$name/"; \
	done
	install -m 644 Sources/CZlib/module.modulemap Sources/CZlib/shim.h "$(SUPPORT)/Sources/CZlib/"
	rm -rf "$(SUPPORT)/engines"
	"$(BIN)/workbook" prepare-engine "$(SUPPORT)/engines"

uninstall:
	rm -f "$(BIN)/workbook"
	rm -rf "$(SUPPORT)"
