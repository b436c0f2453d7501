# Set-up is part of every target: a fresh Debian machine (as root) needs only `make demo` / `make test`.
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DEBS    := fonts-noto-cjk fonts-noto-core fonts-ebgaramond libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils qpdf ghostscript omegat chromium chromium-driver
SEED    := seeds/zhuzhou-2020.zh.md
SAMPLE2 := seeds/nbs-2020.zh.md

.PHONY: demo test test-fast bench typesetting lint clean system

demo: $(STAMP)
	$(BIN)/publisher build $(SEED) --out out
	$(BIN)/publisher build $(SAMPLE2) --out out

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# Speed: every comparison a ratio of paired, alternating runs (bench/run.py; under 10 minutes).
bench: $(STAMP)
	$(BIN)/python bench/run.py

# Typesetting measurements of the built editions (run `make demo` first).
typesetting: $(STAMP)
	$(BIN)/python bench/typesetting.py out/*.pdf

lint: $(STAMP)
	$(BIN)/ruff check src tests bench templates seeds && $(BIN)/ruff format --check src tests bench templates seeds
	$(BIN)/mypy

# Debian packages the PDFs need: CJK fonts, Noto Serif (the English bold), HarfBuzz subsetting (10x faster font embedding), poppler for tests,
# Ghostscript for PDF/X-4 (CMYK conversion, its CMYK profile, and the separations the tests read),
# OmegaT 3.6 (headless Java) for the CAT-tool round trip (tests/e2e/test_cat_roundtrip.py),
# Chromium and its driver for the review desk's browser tests (tests/e2e/test_desk_browser.py).
system:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# torch 2.13.0 (CPU) first, so argostranslate does not pull a CUDA build.
$(STAMP): pyproject.toml | system
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf out .pytest_cache
