# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed-$(shell echo $(UV_VERSION) | cat - requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 1

.PHONY: run test lint format synth bench clients clean

# The browser tests (tests/browser) drive Debian's chromium. Installed here when we may (root, or passwordless
# sudo); otherwise one line says so and those tests skip themselves: never a reason for `make test` to fail.
define CHROMIUM_BOOTSTRAP
command -v chromium >/dev/null 2>&1 || { \
  if [ "$$(id -u)" = 0 ]; then as_root=; elif sudo -n true 2>/dev/null; then as_root="sudo -n"; else as_root=no; fi; \
  if [ "$$as_root" != no ] && command -v apt-get >/dev/null 2>&1; then \
    echo "installing chromium for the browser tests (apt-get install chromium)"; \
    apt="$$as_root env DEBIAN_FRONTEND=noninteractive apt-get -qq"; \
    $$apt install -y chromium >/dev/null 2>&1 || { $$apt update >/dev/null 2>&1 && $$apt install -y chromium >/dev/null 2>&1; }; \
  fi; \
  command -v chromium >/dev/null 2>&1 || echo "chromium is not installed and could not be: the browser tests will be skipped"; \
}
endef

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# uv installs the pinned set in seconds where pip takes minutes; pip does it should uv fail.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) \
	  && $(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements-dev.txt \
	  || $(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@$(CHROMIUM_BOOTSTRAP)
	rm -f $(VENV)/.installed-* && touch $@

run: $(STAMP)
	$(BIN)/python -m infra.local

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=15

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

synth: $(STAMP)
	$(BIN)/python app.py

# The API's document beside the clients, and both clients made again from it (a test fails when the
# committed ones differ from what this makes).
clients: $(STAMP)
	$(BIN)/python -m functions.docs.openapi clients/openapi.json
	$(BIN)/python clients/python/generate.py
	clients/typescript/generate.sh

bench: $(STAMP)
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) cdk.out .cache
