#pragma once
// Running a shell command from a test and reading what it printed.

#include <string>

namespace ispcloud::test_support {

struct ShellResult {
  int exit_code = -1;  // -1 when the command could not be run or did not exit normally
  std::string out;     // standard output, trailing newlines removed
};

// Runs `command` through /bin/sh; stderr goes where the test's goes.
ShellResult RunShell(const std::string& command);

}  // namespace ispcloud::test_support
