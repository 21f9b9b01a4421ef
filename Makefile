# The README's test command: system packages, Python test dependencies, every test.
# .ci/run calls exactly this target.
.PHONY: test
test:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium virtuoso-opensource
	pip install -q torch==2.13.0
	pip install -q -e ".[test,st]"
	python -m pytest -q
