#include "cluster_database.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <map>
#include <mutex>
#include <utility>

#include "support/shell.h"

namespace ispcloud::test_support {
namespace {

const char* ClusterDir() {
  const char* dir = getenv("ISPCLOUD_TEST_PG_DIR");
  return dir != nullptr && *dir != '\0' ? dir : nullptr;
}

// Runs `command`; its standard output, and whether it exited 0.
std::pair<bool, std::string> Shell(const std::string& command) {
  ShellResult r = RunShell(command);
  return {r.exit_code == 0, std::move(r.out)};
}

std::string ClusterCommand(const std::string& verb, const std::string& name) {
  return std::string("bash '") + ISPCLOUD_PG_CLUSTER_SCRIPT + "' " + verb + " '" + ClusterDir() +
         "' " + name;
}

// The databases this process created, by key; dropped at exit (after every server a test
// started has been stopped, since the fixtures are gone by then).
class ClusterDatabases {
 public:
  ~ClusterDatabases() {
    for (const auto& [key, name] : names_) Shell(ClusterCommand("dropdb", name));
  }

  std::string UrlFor(const std::string& key) {
    std::lock_guard lock(mu_);
    if (auto it = urls_.find(key); it != urls_.end()) return it->second;
    const std::string name = "t_" + std::to_string(getpid()) + "_" + std::to_string(urls_.size());
    auto [ok, url] = Shell(ClusterCommand("createdb", name));
    if (!ok || !url.starts_with("postgresql://")) {
      ADD_FAILURE() << "cannot create PostgreSQL database " << name << " in the test cluster "
                    << ClusterDir() << ": " << url;
      return "";
    }
    names_[key] = name;
    urls_[key] = url;
    return url;
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::string> urls_;
  std::map<std::string, std::string> names_;
};

ClusterDatabases& Databases() {
  static ClusterDatabases databases;
  return databases;
}

}  // namespace

bool TestsOnPostgres() {
  return ClusterDir() != nullptr;
}

std::string SharedClusterDir() {
  return TestsOnPostgres() ? ClusterDir() : "";
}

std::string ClusterDatabaseUrl(const std::string& key) {
  if (!TestsOnPostgres()) {
    ADD_FAILURE() << "ClusterDatabaseUrl needs ISPCLOUD_TEST_PG_DIR (a pg_cluster fixture)";
    return "";
  }
  return Databases().UrlFor(key);
}

std::pair<bool, std::string> RunPgClusterScript(const std::string& args, const std::string& env) {
  return Shell(env + " bash '" + ISPCLOUD_PG_CLUSTER_SCRIPT + "' " + args);
}

}  // namespace ispcloud::test_support
