#include "support/shell.h"

#include <stdio.h>
#include <sys/wait.h>

namespace ispcloud::test_support {

ShellResult RunShell(const std::string& command) {
  ShellResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[512];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = pclose(pipe);
  if (status != -1 && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  while (!result.out.empty() && result.out.back() == '\n') result.out.pop_back();
  return result;
}

}  // namespace ispcloud::test_support
