# ispcloud — operator and developer entry points. Every target installs missing dependencies
# first (scripts/install-deps.sh is idempotent and quick when everything is present).
#   make run    build the release binary, migrate ./data/ispcloud.db, create a demo partner and
#               API client if none exist, serve on 127.0.0.1:8080
#   make test   build with ASan+UBSan and the fuzz targets, run every test suite through CTest
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

# CTest runs twice as many tests as there are cores: most e2e tests wait on child processes and
# sockets, so the cores stay busy. The release binary is not built here (warnings fail only
# the ASan build, see ISPCLOUD_WERROR); `make build` and `make bench` build it.
CTEST_JOBS ?= $(shell echo $$(( $(JOBS) * 2 )))
test: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	@ctest --preset asan -j $(CTEST_JOBS) $(CTEST_ARGS)

# Each libFuzzer target for FUZZ_SECONDS (default 300); crash inputs land in build/fuzz/crashes.
FUZZ_SECONDS ?= 300
fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	@for f in tests/fuzz/fuzz_*.cpp; do t=$$(basename $$f .cpp); \
	  bash tests/fuzz/run.sh $${t#fuzz_} $(FUZZ_SECONDS) || exit 1; done

run: build
	@bash scripts/run-demo.sh

bench: build
	@bash bench/run.sh

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp')

clean:
	@rm -rf build
