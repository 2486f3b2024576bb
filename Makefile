# contactcenter.agents - developer entry points. Everything installs itself into .venv/.
#   make demo         onboarding demo against the bundled simulators
#   make test         all tests (what CI runs: .ci/run)
#   make sanity | units | integration | lint    one part of `make test`
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help demo test sanity units integration lint venv clean

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

lint:
	bash scripts/test.sh ansible-lint changelog

venv:
	bash scripts/venv.sh

clean:
	rm -rf .venv tests/output demo-output
