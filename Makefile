# Two commands do everything, from the repository root:
#   make video   render the lecture with the default parameters into media/
#   make test    run the whole test suite
# Both install what is missing (Debian packages for manimpango, .venv, the project)
# and nothing that is already there.

PYTHON   ?= python3
VENV     := .venv
PY       := $(VENV)/bin/python
STAMP    := $(VENV)/.installed
APT_PKGS := libcairo2-dev libpango1.0-dev pkg-config flite
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
QUALITY  ?= h

.PHONY: setup system-deps video test bench stills

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
$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

# make video QUALITY=l SCENES="CS231nDemo ColouredEdges1D": a quick draft of some scenes.
video: $(STAMP)
	$(PY) -m scenes.toolchain.build --quality $(QUALITY)$(if $(SCENES), --scenes $(SCENES))

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m scenes.toolchain.benchmark

# The README's stills: each scene's last frame at -ql, into media/stills/ (committed).
stills: $(STAMP)
	$(PY) -m scenes.toolchain.stills
