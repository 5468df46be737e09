#include "support/pg_test_cluster.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

#include "support/shell.h"

namespace ispcloud::test_support {

namespace {

constexpr int kSkipExitCode = 77;

std::string Script() {
  return ISPCLOUD_PG_CLUSTER_SCRIPT;
}

// The process's instance; handed to gtest, which deletes it at exit.
[[maybe_unused]] PgTestCluster* const kRegistered = [] {
  PgTestCluster* cluster = &PgTestCluster::Instance();
  ::testing::AddGlobalTestEnvironment(cluster);
  return cluster;
}();

}  // namespace

PgTestCluster& PgTestCluster::Instance() {
  static PgTestCluster* const instance = new PgTestCluster();
  return *instance;
}

void PgTestCluster::SetUp() {
  char pattern[] = "/tmp/ispcloud_pg_XXXXXX";
  if (mkdtemp(pattern) == nullptr) {
    failure_ = "mkdtemp failed";
    return;
  }
  dir_ = pattern;
  // stderr is left to the test output: initdb or server errors show up there.
  ShellResult started =
      RunShell("bash '" + Script() + "' start '" + dir_ + "' " + std::to_string(getpid()));
  if (started.exit_code == kSkipExitCode) {
    const std::string reason =
        "PostgreSQL 15 is not installed (scripts/install-deps.sh installs it); the PostgreSQL "
        "tests cannot run here";
    if (getenv("ISPCLOUD_REQUIRE_POSTGRES") != nullptr) {
      failure_ = reason + ", and ISPCLOUD_REQUIRE_POSTGRES is set";
    } else {
      skip_reason_ = reason;
    }
    rmdir(dir_.c_str());
    dir_.clear();
    return;
  }
  if (started.exit_code != 0 || !started.out.starts_with("postgresql://")) {
    failure_ = "could not start the test PostgreSQL cluster (exit code " +
               std::to_string(started.exit_code) + "): " + started.out;
    return;
  }
  url_ = started.out;
}

void PgTestCluster::TearDown() {
  if (dir_.empty()) return;
  RunShell("bash '" + Script() + "' stop '" + dir_ + "'");
  dir_.clear();
  url_.clear();
}

std::string PgTestCluster::NewDatabase() {
  const std::string name = "t" + std::to_string(getpid()) + "_" + std::to_string(++databases_);
  ShellResult made = RunShell("bash '" + Script() + "' createdb '" + dir_ + "' " + name);
  if (made.exit_code != 0) {
    ADD_FAILURE() << "createdb " << name << " failed: " << made.out;
    return "";
  }
  return made.out;
}

}  // namespace ispcloud::test_support
