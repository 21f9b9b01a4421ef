# The README's test command: system packages, Python test dependencies, every test.
# .ci/run calls exactly this target. Each step prints how long it took.
#
# Step 1, Debian packages (nginx is etskg serve's connection front), needs root: as root directly, else through sudo;
# with neither it is skipped, and the browser and Virtuoso tests skip.
# fonts-noto-cjk: the format tests print Chinese documents to PDF with Chromium.
# Step 2 installs exactly the tested versions (constraints.txt), the CPU
# build of torch included.
SHELL := /bin/bash
export TIMEFORMAT := make test: step took %0R s
APT_PACKAGES := chromium fonts-noto-cjk virtuoso-opensource nginx raptor2-utils

.PHONY: test
test:
	time { if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; \
	  else echo "make test: not root and no sudo: skipping apt-get install $(APT_PACKAGES) (their tests skip)"; exit 0; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES); }
	time pip install -q -c constraints.txt -e ".[test,st]"
	time python -m pytest -q
