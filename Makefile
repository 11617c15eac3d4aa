# Two commands do everything, from the repository root:
#   make video   render the lecture with the default parameters into media/
#   make test    run the whole test suite
# Both install what is missing (Debian packages for manimpango, .venv, the project)
# and nothing that is already there. An interrupted set-up (a half-built .venv) is repaired
# by the next run of either: the stamp is written only after everything installed and the
# project imports, and a .venv whose python or pip does not work is made again.

PYTHON   ?= python3
VENV     := .venv
PY       := $(VENV)/bin/python
STAMP    := $(VENV)/.installed
APT_PKGS := libcairo2-dev libpango1.0-dev pkg-config flite
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
QUALITY  ?= h
JOBS     ?= $(shell nproc 2>/dev/null || echo 1)
# pytest workers (pytest-xdist); 1 runs the suite in one process
TEST_JOBS ?= auto

# A stamp whose .venv no longer imports the project (deleted, half-installed) does not count.
ifneq ($(wildcard $(STAMP)),)
ifneq ($(shell $(PY) -c 'import manim, scenes, cnncore' >/dev/null 2>&1 && echo ok),ok)
$(shell rm -f $(STAMP))
endif
endif

.PHONY: setup system-deps video test fuzz palette-check bench stills catalog exercises

setup: $(STAMP)

# Debian packages manimpango needs to build from source (and flite, the fallback narration
# voice: [pace] voice = "flite"); installed only when missing.
system-deps:
	@missing=""; for p in $(APT_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The venv and the project (with its test extra); redone only when pyproject.toml changes.
# Installed by uv (from PyPI, into the venv by pip): the same versions as pip resolves, in half
# the time (parallel downloads; no bytecode compiled: Python compiles a module when it is first
# imported). pip 53 s, uv 27 s with its own install, from an empty cache (docs/performance.md).
$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	@$(PY) -m pip --version >/dev/null 2>&1 || { echo "making $(VENV)"; rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --disable-pip-version-check 'uv>=0.9'
	$(PY) -m uv pip install -q --python $(PY) -e '.[test]'
	$(PY) -c 'import manim, scenes, cnncore'
	@touch $(STAMP)

# make video QUALITY=l SCENES="DepthSlices ColouredEdges1D": a quick draft of some scenes
# (into media/drafts/; the publication, media/lecture/, is only ever a whole -qh lecture).
video: $(STAMP)
	$(PY) -m toolchain.build --quality $(QUALITY) --jobs $(JOBS)$(if $(SCENES), --scenes $(SCENES))$(if $(LECTURE_LANG), --language $(LECTURE_LANG))

# The suite on every core (pytest-xdist); a module's tests stay on one worker (they share
# module-scoped renders), the longest modules first (tests/conftest.py). Each scene test runs
# once: the tests of the largest accepted layers here, with scenes/manim_ext installed, the others
# on stock Manim (LECTURE_STOCK_MANIM=1: none of scenes/manim_ext installed) in a process of their
# own, as one test of the suite (tests/test_stock_manim.py), so the lecture is known to render on
# Manim as released; tests/test_manim_ext.py checks that the frames are the same both ways
# (docs/testing.md).
test: $(STAMP)
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadscope --no-loadscope-reorder -m "not search and not (scene and not largest)"

# make exercises ROSTER=students.csv [EXERCISES="output-cell weight-gradient"] [CLUSTER=tcp://host:8786]
# [QUALITY=l] [SECRET_FILE=path] (else COURSE_SECRET): every student's sheet and videos, the key
# and the quiz, into media/exercises/<roster's name>/ (README: "Exercises for a course").
exercises: $(STAMP)
	@[ -n "$(ROSTER)" ] || { echo "error: give the roster: make exercises ROSTER=students.csv" >&2; exit 2; }
	$(PY) -m toolchain.exercises "$(ROSTER)" --quality $(QUALITY) --workers $(JOBS)$(if $(EXERCISES), --exercises $(EXERCISES))$(if $(CLUSTER), --cluster $(CLUSTER))$(if $(SECRET_FILE), --secret-file "$(SECRET_FILE)")

# The parameter-file fuzzer's long run (the suite runs 300 examples); FUZZ_EXAMPLES=n for another count.
FUZZ_EXAMPLES ?= 10000
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest tests/test_fuzz_params.py --hypothesis-show-statistics

# The palette's whole search again, checked against the stored tables (a few minutes).
palette-check: $(STAMP)
	$(PY) -m pytest -m search tests/test_palette_search.py

bench: $(STAMP)
	$(PY) -m toolchain.benchmark

# The on-screen words' catalogs (scenes/i18n.py): extract every marked phrase into the template,
# then bring each language's catalog up to date (new phrases untranslated, for its translator).
# make catalog LECTURE_LANG=de starts a catalog for a new language.
BABEL := $(VENV)/bin/pybabel
catalog: $(STAMP)
	$(BABEL) -q extract -F scenes/locale/babel.cfg -k N_ -k ngettext:1,2 --add-location=file --sort-by-file \
	  --project "weight sharing lecture" --omit-header -o scenes/locale/lecture.pot scenes toolchain
	@if [ -n "$(LECTURE_LANG)" ] && [ "$(LECTURE_LANG)" != en ] && [ ! -f scenes/locale/$(LECTURE_LANG)/LC_MESSAGES/lecture.po ]; then \
	  $(BABEL) -q init -D lecture -i scenes/locale/lecture.pot -d scenes/locale -l $(LECTURE_LANG); fi
	@for po in scenes/locale/*/LC_MESSAGES/lecture.po; do [ -f "$$po" ] || continue; \
	  lang=$$(basename $$(dirname $$(dirname $$po))); \
	  $(BABEL) -q update -D lecture -i scenes/locale/lecture.pot -d scenes/locale -l $$lang --no-fuzzy-matching; done

# The README's stills: each scene's last frame at -ql, into media/stills/ (committed).
stills: $(STAMP)
	$(PY) -m toolchain.stills

# ---- slides (issue 15): the lecture as an offline reveal.js presentation + PDF handout ----
# make slides QUALITY=l SCENES="SlidingFilter DepthSlices": into media/slides/ (see README).
NPM_APT_PKGS     := npm
BROWSER_APT_PKGS := chromium
CHROMIUM         := /usr/bin/chromium
SLIDES_JS        := toolchain/slides
REVEAL_STAMP     := $(SLIDES_JS)/node_modules/.package-lock.json

.PHONY: slides slides-deps browser-deps

# reveal.js from the npm registry, pinned by its package-lock.json, into toolchain/slides/node_modules/.
slides-deps: $(REVEAL_STAMP)
$(REVEAL_STAMP): $(SLIDES_JS)/package.json $(SLIDES_JS)/package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system-deps APT_PKGS="$(NPM_APT_PKGS)"
	npm ci --prefix $(SLIDES_JS) --no-audit --no-fund --loglevel=error
	@touch $(REVEAL_STAMP)

# Debian's Chromium, for the slides test (tests/test_slides.py drives it with playwright).
browser-deps:
	@[ -x $(CHROMIUM) ] || $(MAKE) --no-print-directory system-deps APT_PKGS="$(BROWSER_APT_PKGS)"

slides: $(STAMP) slides-deps
	$(PY) -m toolchain.slides --quality $(QUALITY)$(if $(SCENES), --scenes $(SCENES))$(if $(LECTURE_LANG), --language $(LECTURE_LANG))

test: browser-deps slides-deps
