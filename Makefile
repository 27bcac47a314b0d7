# The README's two commands, and an install that works outside this checkout.
#   make                      build the course (Lessons/ into Output/)
#   make test                 run the tests
#   make install PREFIX=DIR   install bin/workbook, what Swift cells compile against and the lesson format's
#                             reference, share/doc/workbook/lesson-format.md (default /usr/local)
#   make uninstall PREFIX=DIR remove exactly what install put there

PREFIX ?= /usr/local

# The folders reach the recipes through the environment and are never pasted into a command, so a space or a
# quote in PREFIX is one more character of a path. Each recipe is one shell script that stops at its first error.
export WORKBOOK_PREFIX := $(PREFIX)
export WORKBOOK_DESTDIR := $(DESTDIR)
SHELL := /bin/sh
.SHELLFLAGS := -eu -c
.ONESHELL:

.PHONY: all course test release install uninstall

all: course

course:
	.ci/setup && swift run -c release workbook build

test:
	.ci/setup && swift test --disable-swift-testing

release:
	.ci/setup && swift build -c release --product workbook

# The install's root, and the list of what it created there (folders that were missing, then files, one path a
# line), which uninstall reads. An empty or relative PREFIX is refused: it would name /bin and /lib, or a folder
# that depends on where make runs.
define install_root
case "$$WORKBOOK_PREFIX" in
  /*) ;;
  *) echo "make: PREFIX must be an absolute folder, e.g. PREFIX=/usr/local or PREFIX=\$$HOME/.local (it is '$$WORKBOOK_PREFIX')" >&2
     exit 2 ;;
esac
case "$$WORKBOOK_DESTDIR$$WORKBOOK_PREFIX" in
  *'
'*) echo "make: PREFIX and DESTDIR cannot hold a line break" >&2; exit 2 ;;
esac
root="$$WORKBOOK_DESTDIR$$WORKBOOK_PREFIX"
support="$$root/lib/workbook"
listing="$$support/installed-files"
endef

# Removes what the list names, last first (files, then the folders install made, each only if empty), and the
# list. Only the tool and paths inside the support folder are taken from it, whatever it says: nothing outside,
# nothing through `..`, no folder that holds something install did not put there.
define remove_listed
if [ -f "$$listing" ]; then
  # The list is read, then removed first: it stands in the support folder, which it would keep from going (and
  # with it lib/ and the prefix, when install made them).
  listed=$$(sed -n '1!G;h;$$p' "$$listing")
  rm -f -- "$$listing"
  printf '%s\n' "$$listed" | while IFS= read -r path; do
    case "$$path" in
      */../*|*/..|*/./*) continue ;;
      "$$root/bin/workbook"|"$$support"/*|"$$root/share/doc/workbook/lesson-format.md") ;;
      "$$root"|"$$root/bin"|"$$root/lib"|"$$support"|"$$root/share"|"$$root/share/doc"|"$$root/share/doc/workbook") ;;
      *) continue ;;
    esac
    if [ -d "$$path" ] && [ ! -L "$$path" ]; then
      rmdir -- "$$path" 2>/dev/null || true
    elif [ -f "$$path" ] || [ -L "$$path" ]; then
      rm -f -- "$$path"
    fi
  done
  rmdir -- "$$support" 2>/dev/null || true
fi
endef

# The tool, the engine's sources with the C module maps they import (Swift cells are compiled against them),
# and the engine compiled once as a library, so that a course's first Swift cell compiles only its own code;
# with it the live figures' WebAssembly module, where the toolchain has the wasm target.
# What an earlier install put there goes first.
install: release
	@$(install_root)
	$(remove_listed)
	created=$$(mktemp)
	trap 'rm -f -- "$$created"' EXIT
	folder() {
	  if [ ! -d "$$1" ]; then
	    folder "$$(dirname -- "$$1")"
	    mkdir -- "$$1"
	    printf '%s\n' "$$1" >>"$$created"
	  fi
	}
	put() { # mode destination-folder file...
	  mode=$$1 to=$$2
	  shift 2
	  folder "$$to"
	  for file in "$$@"; do
	    install -m "$$mode" -- "$$file" "$$to/$${file##*/}"
	    printf '%s\n' "$$to/$${file##*/}" >>"$$created"
	  done
	}
	put 755 "$$root/bin" .build/release/workbook
	# The lesson format's reference, which `workbook --help` names.
	put 644 "$$root/share/doc/workbook" docs/lesson-format.md
	put 644 "$$support/Sources/RNN" Sources/RNN/compiler-flags.txt
	# The engine's sources are in a folder per part (Core, Data, Kernels, Models, Training).
	for part in Sources/RNN/*/; do
	  part=$${part%/}
	  put 644 "$$support/Sources/RNN/$${part##*/}" "$$part"/*.swift
	done
	put 644 "$$support/Sources/CZlib" Sources/CZlib/module.modulemap Sources/CZlib/shim.h
	# The live figures' entry points, compiled with the core for WebAssembly (prepare-engine builds the module).
	put 644 "$$support/Sources/RNNLive" Sources/RNNLive/*.swift
	engines="$$support/engines"
	[ -d "$$engines" ] || printf '%s\n' "$$engines" >>"$$created"
	"$$root/bin/workbook" prepare-engine "$$engines"
	find "$$engines" -mindepth 1 -type d >>"$$created"
	find "$$engines" -mindepth 1 ! -type d >>"$$created"
	install -m 644 -- "$$created" "$$listing"

uninstall:
	@$(install_root)
	if [ ! -f "$$listing" ]; then
	  echo "make: $$listing does not exist: nothing was installed under PREFIX=$$WORKBOOK_PREFIX by this Makefile" >&2
	  exit 1
	fi
	$(remove_listed)
