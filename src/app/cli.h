#pragma once
// The `ispcloud` command line: serve, migrate, partner, group, version. Exit codes: 0 success,
// 1 runtime error, 2 usage error. Admin commands print JSON on stdout; errors go to stderr.

namespace ispcloud::app {

int RunCli(int argc, char** argv);

}  // namespace ispcloud::app
