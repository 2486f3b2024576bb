# contactcenter.agents - developer entry points. Everything installs itself into .venv/.
#   make demo         onboarding demo against the bundled simulators
#   make test         all tests (what CI runs: .ci/run)
#   make sanity | units | integration | compat | lint    one part of `make test`
#   make docs         render docs/reference/ (Markdown) from the modules' and the role's documentation
#   make build        build the collection tarball (contactcenter-agents-<version>.tar.gz)
#   make bench        benchmark: batch vs per-agent loops on the simulators (bench/README.md; about 25 min)
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help demo test sanity units integration compat lint docs build bench venv clean

help:
	@sed -n 's/^#   //p' $(MAKEFILE_LIST)

demo: venv
	bash scripts/demo.sh

test:
	bash scripts/test.sh

sanity:
	bash scripts/test.sh sanity

units:
	bash scripts/test.sh units

integration:
	bash scripts/test.sh integration

compat:
	bash scripts/test.sh compat

lint:
	bash scripts/test.sh ansible-lint changelog

docs: venv
	bash scripts/docs.sh

build: venv
	.venv/bin/ansible-galaxy collection build --force .

bench:
	bash bench/bench.sh $(BENCH_ARGS)

venv:
	bash scripts/venv.sh

clean:
	rm -rf .venv tests/output demo-output
