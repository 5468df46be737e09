# ispcloud — operator and developer entry points. Every target installs missing dependencies
# first (scripts/install-deps.sh is idempotent and quick when everything is present).
#   make run    build the release binary, migrate ./data/ispcloud.db, create a demo partner and
#               API client if none exist, serve on 127.0.0.1:8080
#   make test   build with ASan+UBSan (and release), run every test suite through CTest
#   make build  incremental release build: build/release/ispcloud
#   make bench  micro-benchmarks and load tests (results in docs/BENCHMARKS.md)
#   make fuzz   every libFuzzer target for FUZZ_SECONDS (default 300) each

JOBS ?= $(shell nproc)
CTEST_ARGS ?=

.PHONY: all deps build test run bench fuzz format clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

# The release server binary is compiled too (not run) so that optimiser-only warnings in the
# product code fail CI the same way they would fail `make run` (its tests and benchmarks are
# left to `make build` / `make bench`, which keeps `make test` shorter).
test: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS) --target ispcloud
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	@ctest --preset asan -j $(JOBS) $(CTEST_ARGS)

# Each libFuzzer target for FUZZ_SECONDS (default 300); crash inputs land in build/fuzz/crashes.
FUZZ_SECONDS ?= 300
fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	@for t in tmf_query plume_body jwt http_request; do \
	  bash tests/fuzz/run.sh $$t $(FUZZ_SECONDS) || exit 1; done

run: build
	@bash scripts/run-demo.sh

bench: build
	@bash bench/run.sh

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp')

clean:
	@rm -rf build
